"""Invitations and their answers (RSVP) through the API."""

from __future__ import annotations

from datetime import timedelta

from ical.calendar_stream import IcsCalendarStream

from tests.scheduling.calendars.calendar_reading import (
    PEOPLE,
    attendees_by_email,
    invite,
    only_event,
    strictly_parsed,
)
from tests.support.api_builders import (
    answer,
    assert_problem,
    booked_mediation,
    cancel,
    participant_login,
    reschedule,
)
from tests.support.flow import mediation_setup, post_ok

# Invitations ----------------------------------------------------------------------------------


async def test_every_participants_invite_passes_three_strict_readers(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    uids = set()
    for key in PEOPLE:
        response = await invite(client, coordinator, setup["session"]["id"], setup[key]["id"])
        text = response.text
        assert "method=REQUEST" in response.headers["content-type"]
        assert "text/calendar" in response.headers["content-type"]
        assert "\r\nMETHOD:REQUEST\r\n" in text
        event = only_event(strictly_parsed(text, "REQUEST"))
        assert event["DTSTART"].dt == setup["start"]
        assert event["DTEND"].dt == setup["start"] + timedelta(minutes=90)
        assert int(event["SEQUENCE"]) == 0
        uids.add(str(event["UID"]))
        [parsed] = IcsCalendarStream.calendar_from_ics(text).events
        assert parsed.uid == str(event["UID"])
        # Each sees their own address and the mediator's; the others by name and id only.
        assert {a.uri for a in parsed.attendees} == {
            f"mailto:{setup[k]['email']}"
            if k in (key, "mediator")
            else f"urn:uuid:{setup[k]['id']}"
            for k in PEOPLE
        }
    assert len(uids) == 1


async def test_invite_names_attendees_as_written_and_makes_the_mediator_chair(
    client, coordinator
) -> None:
    setup = await booked_mediation(client, coordinator)
    text = (
        await invite(client, coordinator, setup["session"]["id"], setup["petitioner"]["id"])
    ).text
    attendees = attendees_by_email(only_event(strictly_parsed(text, "REQUEST")))
    petitioner = attendees[setup["petitioner"]["email"]]
    mediator = attendees[setup["mediator"]["email"]]
    assert petitioner.params["CN"] == "张三"
    assert petitioner.params["ROLE"] == "REQ-PARTICIPANT"
    assert mediator.params["CN"] == "Li, Wei"
    assert mediator.params["ROLE"] == "CHAIR"
    # The other strict parser reads the same names: the comma is quoted, not escaped.
    [event] = IcsCalendarStream.calendar_from_ics(text).events
    names = {a.uri.removeprefix("mailto:"): a.common_name for a in event.attendees}
    assert names[setup["mediator"]["email"]] == "Li, Wei"
    assert names[setup["petitioner"]["email"]] == "张三"


async def test_cancelled_session_invite_is_a_cancel_with_the_same_uid_and_higher_sequence(
    client, coordinator
) -> None:
    setup = await booked_mediation(client, coordinator)
    session_id, person_id = setup["session"]["id"], setup["department"]["id"]
    before = only_event(
        strictly_parsed((await invite(client, coordinator, session_id, person_id)).text, "REQUEST")
    )
    cancelled = await cancel(client, coordinator, session_id, "调解员生病")
    assert cancelled["status"] == "cancelled"
    assert cancelled["cancel_reason"] == "调解员生病"

    response = await invite(client, coordinator, session_id, person_id)
    assert "method=CANCEL" in response.headers["content-type"]
    calendar = strictly_parsed(response.text, "CANCEL")
    assert str(calendar["METHOD"]) == "CANCEL"
    after = only_event(calendar)
    assert str(after["STATUS"]) == "CANCELLED"
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])


async def test_invite_for_an_unbooked_session_or_a_stranger_is_refused(client, coordinator) -> None:
    setup = await mediation_setup(client, coordinator)
    path = f"/api/v1/sessions/{setup['session']['id']}/invite.ics"
    response = await client.get(
        path, params={"person_id": setup["petitioner"]["id"]}, headers=coordinator
    )
    assert_problem(response, 422, "session_not_scheduled", "id")
    stranger = await post_ok(
        client, "/api/v1/people", coordinator, {"name": "路人", "email": "passer@example.cn"}
    )
    response = await client.get(path, params={"person_id": stranger["id"]}, headers=coordinator)
    assert_problem(response, 404, "participant_not_found", "person_id")


async def test_participant_gets_their_own_invite_but_not_someone_elses(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    mine = await participant_login(client, setup["petitioner"])
    session_id = setup["session"]["id"]
    own = await invite(client, mine, session_id, setup["petitioner"]["id"])
    strictly_parsed(own.text, "REQUEST")
    response = await client.get(
        f"/api/v1/sessions/{session_id}/invite.ics",
        params={"person_id": setup["department"]["id"]},
        headers=mine,
    )
    assert_problem(response, 403, "not_your_record", "person_id")


# Answers (RSVP) -------------------------------------------------------------------------------


async def test_rsvp_updates_the_session_and_the_invite(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    session_id = setup["session"]["id"]
    answered = await answer(client, coordinator, session_id, "ACCEPTED", setup["department"]["id"])
    partstats = {p["person_id"]: p["partstat"] for p in answered["participants"]}
    assert partstats == {
        setup["petitioner"]["id"]: "NEEDS-ACTION",
        setup["department"]["id"]: "ACCEPTED",
        setup["mediator"]["id"]: "NEEDS-ACTION",
    }
    text = (await invite(client, coordinator, session_id, setup["petitioner"]["id"])).text
    attendees = attendees_by_email(only_event(strictly_parsed(text, "REQUEST")))
    department = attendees[f"urn:uuid:{setup['department']['id']}"]
    assert (department.params["CN"], department.params["PARTSTAT"]) == ("王科长", "ACCEPTED")
    assert attendees[setup["petitioner"]["email"]].params["PARTSTAT"] == "NEEDS-ACTION"


async def test_participant_answers_for_themselves_but_not_for_others(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    session_id = setup["session"]["id"]
    mine = await participant_login(client, setup["petitioner"])
    answered = await answer(client, mine, session_id, "TENTATIVE")
    partstats = {p["person_id"]: p["partstat"] for p in answered["participants"]}
    assert partstats[setup["petitioner"]["id"]] == "TENTATIVE"

    response = await client.post(
        f"/api/v1/sessions/{session_id}/rsvp",
        json={"person_id": setup["department"]["id"], "partstat": "DECLINED"},
        headers=mine,
    )
    assert_problem(response, 403, "not_your_record", "person_id")
    session = (await client.get(f"/api/v1/sessions/{session_id}", headers=coordinator)).json()
    partstats = {p["person_id"]: p["partstat"] for p in session["participants"]}
    assert partstats[setup["department"]["id"]] == "NEEDS-ACTION"


async def test_rescheduling_asks_everyone_to_answer_again(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    session_id = setup["session"]["id"]
    await answer(client, coordinator, session_id, "ACCEPTED", setup["mediator"]["id"])
    later = setup["start"].replace(hour=14)
    moved = await reschedule(
        client, coordinator, session_id, later, setup["room"]["id"], "会议冲突"
    )
    assert {p["partstat"] for p in moved["participants"]} == {"NEEDS-ACTION"}
