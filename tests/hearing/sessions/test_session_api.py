"""Sessions over HTTP: list filters, paging, time windows and what a session read shows."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

from tests.support.api_builders import assert_problem, booked_mediation, participant_login
from tests.support.flow import mediation_setup


async def get_json(client: Any, path: str, headers: dict[str, str], **params: Any) -> Any:
    response = await client.get(path, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def two_sessions(client: Any, headers: dict[str, str]) -> tuple[dict[str, Any], ...]:
    """One booked mediation (XF-1) and one still unscheduled (XF-2), with their own people."""
    booked = await booked_mediation(client, headers, "XF-1")
    unscheduled = await mediation_setup(client, headers, "XF-2")
    return booked, unscheduled


def ids(listing: dict[str, Any]) -> list[str]:
    return [session["id"] for session in listing["items"]]


async def test_sessions_filter_by_case_status_and_person(client, coordinator) -> None:
    booked, unscheduled = await two_sessions(client, coordinator)
    first, second = booked["session"]["id"], unscheduled["session"]["id"]

    everything = await get_json(client, "/api/v1/sessions", coordinator)
    assert set(ids(everything)) == {first, second} and everything["total"] == 2
    by_case = await get_json(client, "/api/v1/sessions", coordinator, case_id=booked["case"]["id"])
    assert ids(by_case) == [first]
    assert ids(await get_json(client, "/api/v1/sessions", coordinator, status="scheduled")) == [
        first
    ]
    assert ids(await get_json(client, "/api/v1/sessions", coordinator, status="unscheduled")) == [
        second
    ]
    by_person = await get_json(
        client, "/api/v1/sessions", coordinator, person_id=unscheduled["mediator"]["id"]
    )
    assert ids(by_person) == [second]
    nobody = await get_json(client, "/api/v1/sessions", coordinator, person_id=str(uuid4()))
    assert nobody["items"] == [] and nobody["total"] == 0
    paged = await get_json(client, "/api/v1/sessions", coordinator, limit=1, offset=1)
    assert len(paged["items"]) == 1 and paged["total"] == 2


async def test_sessions_filter_by_time_window_overlap(client, coordinator) -> None:
    booked, _ = await two_sessions(client, coordinator)
    start: datetime = booked["start"]
    end = start + timedelta(minutes=90)

    def window(low: datetime, high: datetime) -> dict[str, str]:
        return {"from": low.isoformat(), "to": high.isoformat()}

    async def listed(low: datetime, high: datetime) -> list[str]:
        return ids(await get_json(client, "/api/v1/sessions", coordinator, **window(low, high)))

    first = booked["session"]["id"]
    assert await listed(start - timedelta(days=1), start + timedelta(days=1)) == [first]
    assert await listed(end - timedelta(minutes=1), end + timedelta(hours=1)) == [first]
    # Half-open: a window ending at the start or starting at the end does not overlap.
    assert await listed(start - timedelta(hours=1), start) == []
    assert await listed(end, end + timedelta(hours=1)) == []


async def test_participant_lists_only_their_own_sessions(client, coordinator) -> None:
    booked, unscheduled = await two_sessions(client, coordinator)
    mine = await participant_login(client, booked["petitioner"])

    own = await get_json(client, "/api/v1/sessions", mine)
    assert ids(own) == [booked["session"]["id"]] and own["total"] == 1
    # Asking for someone else's sessions still shows only one's own.
    asked = await get_json(
        client, "/api/v1/sessions", mine, person_id=unscheduled["petitioner"]["id"]
    )
    assert ids(asked) == [booked["session"]["id"]]
    assert (await get_json(client, f"/api/v1/sessions/{booked['session']['id']}", mine))[
        "status"
    ] == "scheduled"
    response = await client.get(f"/api/v1/sessions/{unscheduled['session']['id']}", headers=mine)
    assert_problem(response, 404, "session_not_found", "id")


async def test_session_read_lists_participants_with_roles_and_partstat(client, coordinator) -> None:
    setup = await mediation_setup(client, coordinator)
    session = await get_json(client, f"/api/v1/sessions/{setup['session']['id']}", coordinator)
    assert session["kind"] == "mediation" and session["status"] == "unscheduled"
    assert session["sequence"] == 0 and session["start"] is None and session["room_id"] is None
    roles = {p["person_id"]: p["role"] for p in session["participants"]}
    assert roles == {
        setup["petitioner"]["id"]: "petitioner",
        setup["department"]["id"]: "department",
        setup["mediator"]["id"]: "mediator",
    }
    assert {p["partstat"] for p in session["participants"]} == {"NEEDS-ACTION"}
