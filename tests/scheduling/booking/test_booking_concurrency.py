"""Concurrent bookings of one slot against a real multi-worker server: exactly one wins."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime
from uuid import UUID

import httpx

from core.access import Role
from hearing.cases import service as cases
from parties.accounts import service as accounts
from scheduling.tables import BookingClaim
from tests.conftest import PASSWORD
from tests.support.builders import make_room, mediation, person
from tests.support.flow import next_weekday_at
from tests.support.live_server import live_server

CONCURRENT_REQUESTS = 50


async def _sessions_sharing_a_mediator_and_room(count: int) -> tuple[list[UUID], UUID]:
    mediator = await person("郑调解员", "zheng@example.cn")
    room = await make_room("调解室")
    case = await cases.create_case(
        cases.NewCase(reference="XF-RACE", title="race"), datetime.now(UTC)
    )
    sessions = []
    for index in range(count):
        petitioner = await person(f"信访人{index}", f"p{index}@example.cn")
        department = await person(f"部门{index}", f"d{index}@example.cn")
        session = await mediation(case.id, petitioner, department, mediator, title=f"调解 {index}")
        sessions.append(session.id)
    return sessions, room


async def test_fifty_concurrent_bookings_of_one_slot_give_one_201_and_49_conflicts(db) -> None:
    sessions, room = await _sessions_sharing_a_mediator_and_room(CONCURRENT_REQUESTS)
    await accounts.create_account("race@test.example", PASSWORD, Role.COORDINATOR)
    start = next_weekday_at(10).isoformat()

    with live_server(workers=2) as base_url:
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as http:
            token = await http.post(
                "/api/v1/auth/token", json={"email": "race@test.example", "password": PASSWORD}
            )
            headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
            responses = await asyncio.gather(
                *[
                    http.post(
                        f"/api/v1/sessions/{session_id}/booking",
                        json={"start": start, "room_id": str(room)},
                        headers=headers,
                    )
                    for session_id in sessions
                ]
            )

    statuses = Counter(response.status_code for response in responses)
    assert statuses == {201: 1, 409: CONCURRENT_REQUESTS - 1}, [r.text for r in responses]
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"slot_taken"}
    active_room_claims = await BookingClaim.count().where(
        (BookingClaim.resource_key == f"room:{room}") & (BookingClaim.active == True)  # noqa: E712
    )
    assert active_room_claims == 1
