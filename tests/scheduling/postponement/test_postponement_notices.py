"""What participants and their calendars are told when a session is postponed or suspended:
a CANCEL of the old time at once, then the resumption's REQUEST re-creating the same event."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import icalendar

from tests.scheduling.booking.test_participant_removal import _invite
from tests.scheduling.invitations.test_invitation_delivery import (
    assert_feed_agrees,
    attendees,
    checked_event,
    deliver,
    text_of,
)
from tests.support.api_builders import (
    booked_mediation,
    create_person,
    open_records_days_ahead,
    public_hearing_body,
    public_hearing_people,
)
from tests.support.flow import next_weekday_at, post_ok
from tests.support.ical_checker import assert_valid_calendar
from tests.support.mail_server import MailServer

TITLE = "公开听证"


async def _booked_hearing_with_observer(client: Any, h: dict[str, str], tag: str) -> dict[str, Any]:
    """A public hearing (zh-CN participants, an English observer) booked ten days out."""
    people = await public_hearing_people(client, h, tag)
    people["observer"] = await create_person(
        client, h, "Observer Zhao", f"observer.{tag}@example.org", locale="en"
    )
    room = await post_ok(
        client,
        "/api/v1/rooms",
        h,
        {"name": "听证室", "capacity": 12, "public_seats": 20, "timezone": "Asia/Shanghai"},
    )
    case = await post_ok(client, "/api/v1/cases", h, {"reference": tag, "title": "补偿争议"})
    body = public_hearing_body(case["id"], people)
    body["participants"].append({"person_id": people["observer"]["id"], "role": "observer"})
    session = await post_ok(client, "/api/v1/sessions", h, body)
    start = next_weekday_at(10)
    booked = await post_ok(
        client,
        f"/api/v1/sessions/{session['id']}/booking",
        h,
        {"start": start.isoformat(), "room_id": room["id"]},
    )
    everyone = [people[k] for k in ("petitioner", "department", "presiding", "observer")]
    return {**people, "everyone": [*everyone, *people["officers"]], "session": booked, "h": h}


def _latest(mail_server: MailServer, person: dict[str, Any]) -> Any:
    return mail_server.collector.to(person["email"])[-1].message


def _published(text: str, method: str) -> Any:
    """The one event of a calendar Concord serves, after the strict checker passed it."""
    assert_valid_calendar(text, expected_method=method)
    [event] = icalendar.Calendar.from_ical(text).walk("VEVENT")
    return event


async def _everyone_got_a_cancel(
    client: Any, mail_server: MailServer, setup: dict[str, Any], sequence: int, start: datetime
) -> None:
    """A CANCEL of the old time each, one SEQUENCE up, agreeing with their feed and invite.ics."""
    uid = f"{setup['session']['id']}@concord"
    for person in setup["everyone"]:
        event = checked_event(_latest(mail_server, person), "CANCEL")
        assert (str(event["UID"]), int(event["SEQUENCE"])) == (uid, sequence)
        assert (str(event["STATUS"]), event.decoded("DTSTART")) == ("CANCELLED", start)
        await assert_feed_agrees(client, person, event)
        invite = _published(
            await _invite(client, setup["h"], setup["session"]["id"], person["id"]), "CANCEL"
        )
        assert (str(invite["UID"]), int(invite["SEQUENCE"])) == (uid, sequence)
        assert str(invite["STATUS"]) == "CANCELLED"
    [observer] = attendees(checked_event(_latest(mail_server, setup["observer"]), "CANCEL"))
    assert observer == f"mailto:{setup['observer']['email']}"


async def test_a_postponement_cancels_the_old_time_for_everyone_until_it_resumes(
    client, coordinator, mail_server
) -> None:
    setup = await _booked_hearing_with_observer(client, coordinator, "PH-PPM")
    session, everyone = setup["session"], setup["everyone"]
    path = f"/api/v1/sessions/{session['id']}"
    old_start = datetime.fromisoformat(session["start"])
    assert await deliver(mail_server) == len(everyone)

    await post_ok(client, f"{path}/postpone", coordinator, {"reason": "主持人病假"}, 200)

    assert await deliver(mail_server) == len(everyone)
    await _everyone_got_a_cancel(client, mail_server, setup, 1, old_start)
    petitioner = _latest(mail_server, setup["petitioner"])
    assert petitioner["Subject"] == f"延期通知：{TITLE}"
    assert "已延期" in text_of(petitioner) and "新的时间将另行通知" in text_of(petitioner)
    assert "原因: 主持人病假" in text_of(petitioner)
    observer = text_of(_latest(mail_server, setup["observer"]))
    assert "has been postponed" in observer and "A new time will follow" in observer
    assert "PH-PPM" not in observer

    new_start = old_start + timedelta(days=7)
    await post_ok(
        client,
        f"{path}/resume",
        coordinator,
        {"start": new_start.isoformat(), "room_id": session["room_id"]},
        200,
    )

    assert await deliver(mail_server) == len(everyone)
    for person in everyone:
        update = checked_event(_latest(mail_server, person), "REQUEST")
        assert (int(update["SEQUENCE"]), update.decoded("DTSTART")) == (2, new_start)
        invite = _published(
            await _invite(client, coordinator, session["id"], person["id"]), "REQUEST"
        )
        assert (str(invite["UID"]), int(invite["SEQUENCE"])) == (f"{session['id']}@concord", 2)
        assert (str(invite["STATUS"]), invite.decoded("DTSTART")) == ("CONFIRMED", new_start)
        await assert_feed_agrees(client, person, update)


async def test_a_suspension_cancels_the_time_and_says_it_goes_on_later(
    client, coordinator, mail_server
) -> None:
    setup = await _booked_hearing_with_observer(client, coordinator, "PH-SPM")
    session = setup["session"]
    path = f"/api/v1/sessions/{session['id']}"
    await deliver(mail_server)
    await open_records_days_ahead(30)
    await post_ok(
        client, f"{path}/procedure/advance", coordinator, {"step": "identities_checked"}, 200
    )

    await post_ok(client, f"{path}/suspend", coordinator, {"reason": "证人未到庭"}, 200)

    assert await deliver(mail_server) == len(setup["everyone"])
    start = datetime.fromisoformat(session["start"])
    await _everyone_got_a_cancel(client, mail_server, setup, 1, start)
    department = _latest(mail_server, setup["department"])
    assert department["Subject"] == f"中止通知：{TITLE}"
    assert "已中止" in text_of(department) and "证人未到庭" in text_of(department)
    observer = _latest(mail_server, setup["observer"])
    assert observer["Subject"] == f"Suspended: {TITLE}"
    stored = await client.get(
        f"{path}/event.ics", params={"person_id": setup["petitioner"]["id"]}, headers=coordinator
    )
    assert stored.status_code == 200, stored.text
    [event] = icalendar.Calendar.from_ical(stored.text).walk("VEVENT")
    assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("CANCELLED", 1)


async def test_no_reminder_goes_out_while_a_session_is_postponed(
    client, coordinator, mail_server
) -> None:
    setup = await booked_mediation(client, coordinator, "MAIL-PP")
    path = f"/api/v1/sessions/{setup['session']['id']}"
    await deliver(mail_server)
    await post_ok(client, f"{path}/postpone", coordinator, {"reason": "调解员病假"}, 200)
    assert await deliver(mail_server) == 3

    for before in (timedelta(days=7), timedelta(days=3), timedelta(days=1)):
        assert await deliver(mail_server, setup["start"] - before + timedelta(minutes=1)) == 0
    assert all(
        _latest(mail_server, setup[role])["Subject"].startswith(("延期通知", "Postponed"))
        for role in ("petitioner", "department", "mediator")
    )

    new_start = setup["start"] + timedelta(days=14)
    await post_ok(
        client,
        f"{path}/resume",
        coordinator,
        {"start": new_start.isoformat(), "room_id": setup["room"]["id"]},
        200,
    )
    assert await deliver(mail_server) == 3
    assert await deliver(mail_server, new_start - timedelta(days=7, minutes=-1)) == 3
