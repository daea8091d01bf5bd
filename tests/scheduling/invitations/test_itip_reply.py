"""A calendar app's iTIP REPLY updates the participant's answer."""

from __future__ import annotations

from tests.support.api_builders import assert_problem, booked_mediation, participant_login


def _reply(uid: str, email: str, partstat: str, sequence: int = 0) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Example Corp.//CalendarApp//EN",
        "METHOD:REPLY",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"SEQUENCE:{sequence}",
        "DTSTAMP:20261125T120000Z",
        f"ATTENDEE;PARTSTAT={partstat}:mailto:{email}",
        "ORGANIZER:mailto:petitions@concord.example",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


async def test_a_reply_from_a_calendar_app_records_the_answer(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    session_id = setup["session"]["id"]
    body = _reply(f"{session_id}@concord", setup["department"]["email"], "TENTATIVE")

    response = await client.post(
        f"/api/v1/sessions/{session_id}/rsvp/reply",
        content=body.encode(),
        headers={**coordinator, "Content-Type": "text/calendar"},
    )

    assert response.status_code == 200, response.text
    answers = {p["person_id"]: p["partstat"] for p in response.json()["participants"]}
    assert answers[setup["department"]["id"]] == "TENTATIVE"


async def test_a_reply_to_an_older_version_or_another_event_is_refused(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    session_id = setup["session"]["id"]
    start = setup["start"].replace(hour=14)
    moved = await client.post(
        f"/api/v1/sessions/{session_id}/reschedule",
        json={"start": start.isoformat(), "room_id": setup["room"]["id"], "reason": "later"},
        headers=coordinator,
    )
    assert moved.json()["sequence"] == 1
    email = setup["petitioner"]["email"]

    stale = await client.post(
        f"/api/v1/sessions/{session_id}/rsvp/reply",
        files={
            "file": (
                "reply.ics",
                _reply(f"{session_id}@concord", email, "ACCEPTED"),
                "text/calendar",
            )
        },
        headers=coordinator,
    )
    assert_problem(stale, 409, "stale_itip_reply", "file")

    other = await client.post(
        f"/api/v1/sessions/{session_id}/rsvp/reply",
        content=_reply("someone-else@example.org", email, "ACCEPTED", 1).encode(),
        headers={**coordinator, "Content-Type": "text/calendar"},
    )
    assert_problem(other, 422, "itip_reply_other_event", "file")

    not_a_reply = await client.post(
        f"/api/v1/sessions/{session_id}/rsvp/reply",
        content=_reply(f"{session_id}@concord", email, "ACCEPTED", 1)
        .replace("METHOD:REPLY", "METHOD:REQUEST")
        .encode(),
        headers={**coordinator, "Content-Type": "text/calendar"},
    )
    assert_problem(not_a_reply, 422, "invalid_itip_reply", "file")


async def test_a_participant_cannot_answer_for_someone_else(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    session_id = setup["session"]["id"]
    petitioner = await participant_login(client, setup["petitioner"])
    body = _reply(f"{session_id}@concord", setup["department"]["email"], "DECLINED")

    response = await client.post(
        f"/api/v1/sessions/{session_id}/rsvp/reply",
        content=body.encode(),
        headers={**petitioner, "Content-Type": "text/calendar"},
    )

    assert_problem(response, 403, "not_your_record", "person_id")
    session = await client.get(f"/api/v1/sessions/{session_id}", headers=coordinator)
    answers = {p["person_id"]: p["partstat"] for p in session.json()["participants"]}
    assert answers[setup["department"]["id"]] == "NEEDS-ACTION"
