"""Removing a participant: a CANCEL for them alone, an updated REQUEST for everyone else."""

from __future__ import annotations

import icalendar

from tests.support.api_builders import assert_problem, mediation_with_optional_agent
from tests.support.flow import mediation_setup, next_weekday_at, post_ok
from tests.support.ical_checker import assert_valid_calendar


def _attendees(text: str) -> list[str]:
    [event] = icalendar.Calendar.from_ical(text).walk("VEVENT")
    attendees = event.get("ATTENDEE", [])
    return [str(a) for a in (attendees if isinstance(attendees, list) else [attendees])]


async def _invite(client, headers, session_id: str, person_id: str) -> str:
    response = await client.get(
        f"/api/v1/sessions/{session_id}/invite.ics",
        params={"person_id": person_id},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    text: str = response.text
    return text


async def test_a_removed_participant_gets_a_cancel_of_their_own(client, coordinator) -> None:
    setup = await mediation_with_optional_agent(client, coordinator, "XF-1", "agent@example.cn")
    agent, session = setup["agent"], setup["session"]
    start = next_weekday_at(14)
    await post_ok(
        client,
        f"/api/v1/sessions/{session['id']}/booking",
        coordinator,
        {"start": start.isoformat(), "room_id": setup["room"]["id"]},
    )

    response = await client.delete(
        f"/api/v1/sessions/{session['id']}/participants/{agent['id']}", headers=coordinator
    )
    assert response.status_code == 200, response.text
    assert agent["id"] not in {p["person_id"] for p in response.json()["participants"]}
    assert [p["person_id"] for p in response.json()["removed"]] == [agent["id"]]

    cancel = await _invite(client, coordinator, session["id"], agent["id"])
    assert_valid_calendar(cancel, expected_method="CANCEL")
    assert "STATUS:CANCELLED" in cancel
    assert "SEQUENCE:1" in cancel
    assert _attendees(cancel) == ["mailto:agent@example.cn"]

    update = await _invite(client, coordinator, session["id"], setup["petitioner"]["id"])
    assert_valid_calendar(update, expected_method="REQUEST")
    assert "SEQUENCE:1" in update
    assert "mailto:agent@example.cn" not in _attendees(update)
    assert len(_attendees(update)) == 3


async def test_removing_the_mediator_is_refused_by_the_composition_rules(
    client, coordinator
) -> None:
    setup = await mediation_setup(client, coordinator)
    response = await client.delete(
        f"/api/v1/sessions/{setup['session']['id']}/participants/{setup['mediator']['id']}",
        headers=coordinator,
    )
    assert_problem(response, 422, "mediator_required", "participants")
    session = await client.get(f"/api/v1/sessions/{setup['session']['id']}", headers=coordinator)
    assert setup["mediator"]["id"] in {p["person_id"] for p in session.json()["participants"]}
