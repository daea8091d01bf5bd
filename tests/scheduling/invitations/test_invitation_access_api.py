"""Over HTTP: a participant fetches their own invite.ics and event.ics; another session's are a
404 to them, whatever person they name, so session ids leak nothing."""

from __future__ import annotations

from typing import Any

from tests.support.api_builders import assert_problem, booked_mediation, participant_login
from tests.support.flow import next_weekday_at


async def calendar(
    client: Any, headers: dict[str, str], name: str, session: str, person: str
) -> Any:
    return await client.get(
        f"/api/v1/sessions/{session}/{name}", params={"person_id": person}, headers=headers
    )


async def test_a_participant_gets_their_own_invite_and_event(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    mine = await participant_login(client, setup["petitioner"])
    session_id, me = setup["session"]["id"], setup["petitioner"]["id"]

    invite = await calendar(client, mine, "invite.ics", session_id, me)
    assert invite.status_code == 200, invite.text
    assert "\r\nMETHOD:REQUEST\r\n" in invite.text
    event = await calendar(client, mine, "event.ics", session_id, me)
    assert event.status_code == 200, event.text
    assert "METHOD:" not in event.text and f"UID:{session_id}@concord" in event.text


async def test_another_sessions_invite_and_event_are_404_to_a_participant(
    client, coordinator
) -> None:
    mine = await booked_mediation(client, coordinator, "XF-A", next_weekday_at(9))
    theirs = await booked_mediation(client, coordinator, "XF-B", next_weekday_at(14))
    petitioner = await participant_login(client, mine["petitioner"])
    other_session = theirs["session"]["id"]

    for name in ("invite.ics", "event.ics"):
        for person in (mine["petitioner"]["id"], theirs["petitioner"]["id"]):
            response = await calendar(client, petitioner, name, other_session, person)
            assert_problem(response, 404, "session_not_found", "id")
    head = await client.head(
        f"/api/v1/sessions/{other_session}/invite.ics",
        params={"person_id": theirs["petitioner"]["id"]},
        headers=petitioner,
    )
    assert head.status_code == 404
    for name in ("invite.ics", "event.ics"):
        staff = await calendar(client, coordinator, name, other_session, theirs["petitioner"]["id"])
        assert staff.status_code == 200, staff.text


async def test_a_participant_cannot_answer_for_another_session(client, coordinator) -> None:
    mine = await booked_mediation(client, coordinator, "XF-A", next_weekday_at(9))
    theirs = await booked_mediation(client, coordinator, "XF-B", next_weekday_at(14))
    petitioner = await participant_login(client, mine["petitioner"])

    response = await client.post(
        f"/api/v1/sessions/{theirs['session']['id']}/rsvp",
        json={"partstat": "DECLINED"},
        headers=petitioner,
    )
    assert_problem(response, 404, "session_not_found", "id")
