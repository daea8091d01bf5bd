"""A participant sees only the sessions they take part in; anyone else's is a 404, not a 403."""

from __future__ import annotations

from typing import Any

from tests.support.api_builders import (
    assert_problem,
    booked_mediation,
    open_records_days_ahead,
    participant_login,
)
from tests.support.flow import next_weekday_at, post_ok


async def two_booked_mediations(client: Any, headers: dict[str, str]) -> tuple[Any, Any]:
    """Two booked mediations, each with its own people and room."""
    first = await booked_mediation(client, headers, "XF-A", next_weekday_at(9))
    second = await booked_mediation(client, headers, "XF-B", next_weekday_at(14))
    return first, second


async def test_participant_lists_only_the_sessions_they_take_part_in(client, coordinator) -> None:
    mine, theirs = await two_booked_mediations(client, coordinator)
    petitioner = await participant_login(client, mine["petitioner"])

    listed = await client.get("/api/v1/sessions", headers=petitioner)
    assert listed.status_code == 200, listed.text
    assert [s["id"] for s in listed.json()["items"]] == [mine["session"]["id"]]
    assert listed.json()["total"] == 1
    by_case = await client.get(
        "/api/v1/sessions", params={"case_id": theirs["case"]["id"]}, headers=petitioner
    )
    assert by_case.json()["items"] == [] and by_case.json()["total"] == 0
    staff_view = await client.get("/api/v1/sessions", headers=coordinator)
    assert staff_view.json()["total"] == 2


async def test_participant_gets_404_for_another_sessions_detail_and_record(
    client, coordinator
) -> None:
    mine, theirs = await two_booked_mediations(client, coordinator)
    petitioner = await participant_login(client, mine["petitioner"])
    other_id = theirs["session"]["id"]

    response = await client.get(f"/api/v1/sessions/{other_id}", headers=petitioner)
    assert_problem(response, 404, "session_not_found", "id")
    response = await client.get(f"/api/v1/sessions/{other_id}/record", headers=petitioner)
    assert_problem(response, 404, "session_not_found", "id")


async def test_participant_reads_the_record_of_their_own_session(client, coordinator) -> None:
    mine, _ = await two_booked_mediations(client, coordinator)
    session_id = mine["session"]["id"]
    await open_records_days_ahead(30)
    await post_ok(
        client,
        f"/api/v1/sessions/{session_id}/attendance",
        coordinator,
        {"person_id": mine["petitioner"]["id"], "status": "present"},
    )
    petitioner = await participant_login(client, mine["petitioner"])

    response = await client.get(f"/api/v1/sessions/{session_id}/record", headers=petitioner)
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["session"]["id"] == session_id
    [attendance] = record["attendance"]
    assert {key: attendance[key] for key in ("person_id", "status", "note", "waived")} == {
        "person_id": mine["petitioner"]["id"],
        "status": "present",
        "note": None,
        "waived": False,
    }
    assert attendance["recorded_at"]


async def test_participant_still_cannot_write_the_record(client, coordinator) -> None:
    mine, _ = await two_booked_mediations(client, coordinator)
    petitioner = await participant_login(client, mine["petitioner"])
    response = await client.post(
        f"/api/v1/sessions/{mine['session']['id']}/outcomes",
        json={"agenda_item": "补偿标准", "status": "agreed"},
        headers=petitioner,
    )
    assert_problem(response, 403, "role_not_allowed")
