"""POST /api/v1/dockets proposes non-overlapping times for a batch; coordinators then book them."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise
from uuid import uuid4

from tests.support.api_builders import assert_problem
from tests.support.builders import make_room, mediation_session
from tests.support.flow import next_weekday_at


async def test_docket_places_sessions_sharing_a_mediator_without_overlap(
    client, coordinator
) -> None:
    first, mediator = await mediation_session("k1")
    others = [(await mediation_session(f"k{i}", mediator=mediator))[0] for i in (2, 3, 4)]
    await make_room("A")
    await make_room("B")
    sessions = [first, *others]
    window_start = next_weekday_at(9)

    response = await client.post(
        "/api/v1/dockets",
        json={
            "session_ids": [str(s.id) for s in sessions],
            "not_before": window_start.isoformat(),
            "not_after": (window_start + timedelta(hours=8)).isoformat(),
            "time_budget_s": 0.5,
        },
        headers=coordinator,
    )
    assert response.status_code == 200, response.text
    plan = response.json()
    assert plan["unplaced"] == []
    placed = sorted(plan["placed"], key=lambda p: p["start"])
    assert {p["session_id"] for p in placed} == {str(s.id) for s in sessions}
    spans = [(datetime.fromisoformat(p["start"]), datetime.fromisoformat(p["end"])) for p in placed]
    assert all(end <= next_start for (_, end), (next_start, _) in pairwise(spans))

    booking = placed[0]
    booked = await client.post(
        f"/api/v1/sessions/{booking['session_id']}/booking",
        json={"start": booking["start"], "room_id": booking["room_id"]},
        headers=coordinator,
    )
    assert booked.status_code == 201, booked.text


async def test_docket_names_an_unknown_session(client, coordinator) -> None:
    session, _ = await mediation_session("k5")
    window_start = next_weekday_at(9)
    response = await client.post(
        "/api/v1/dockets",
        json={
            "session_ids": [str(session.id), str(uuid4())],
            "not_before": window_start.isoformat(),
            "not_after": (window_start + timedelta(days=1)).isoformat(),
        },
        headers=coordinator,
    )
    assert_problem(response, 404, "session_not_found", "session_ids[1]")
