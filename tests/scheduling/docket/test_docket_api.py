"""POST /api/v1/dockets proposes non-overlapping times for a batch; coordinators then book them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from uuid import uuid4

import pytest

from scheduling.docket.service import MAX_SESSIONS, plan_docket_for
from tests.support.api_builders import assert_problem
from tests.support.builders import make_room, mediation_session
from tests.support.flow import next_weekday_at
from tests.support.statements import record_statements


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
    assert plan["upper_bound"] == len(sessions)
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


def _window() -> dict[str, str]:
    window_start = next_weekday_at(9)
    return {
        "not_before": window_start.isoformat(),
        "not_after": (window_start + timedelta(days=1)).isoformat(),
    }


async def test_a_province_sized_batch_is_accepted_and_looked_up_by_id(client, coordinator) -> None:
    session, _ = await mediation_session("k6")
    unknown = [str(uuid4()) for _ in range(MAX_SESSIONS - 1)]
    response = await client.post(
        "/api/v1/dockets",
        json={"session_ids": [str(session.id), *unknown], **_window()},
        headers=coordinator,
    )
    # 20,000 ids pass the request limits; the first unknown one is named.
    assert_problem(response, 404, "session_not_found", "session_ids[1]")


async def test_more_sessions_than_the_cap_are_refused_naming_the_field(client, coordinator) -> None:
    response = await client.post(
        "/api/v1/dockets",
        json={"session_ids": [str(uuid4()) for _ in range(MAX_SESSIONS + 1)], **_window()},
        headers=coordinator,
    )
    assert response.status_code == 400, response.text
    assert "session_ids" in response.text


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return record_statements(monkeypatch)


async def test_the_docket_loads_its_sessions_by_id_in_one_query(statements) -> None:
    wanted, mediator = await mediation_session("k7")
    for number in range(3):
        await mediation_session(f"other-{number}", mediator=mediator)
    await make_room("C")
    statements.clear()
    window_start = next_weekday_at(9)
    plan = await plan_docket_for(
        [wanted.id], window_start, window_start + timedelta(hours=8), 0.2, datetime.now(UTC)
    )
    assert [p.session_id for p in plan.placed] == [str(wanted.id)]
    reading_sessions = [sql for sql in statements if 'FROM "sessions"' in sql]
    assert len(reading_sessions) == 1, reading_sessions
    assert '"sessions"."id" IN' in reading_sessions[0]
    assert "OFFSET" not in reading_sessions[0].upper()
