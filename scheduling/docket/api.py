"""HTTP endpoint for docket planning: propose starts and rooms for a batch of sessions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, post
from litestar.params import JSONBody

from core.web.guards import staff_only
from core.web.wire import Body
from scheduling.docket import service as docket_service


class DocketIn(Body):
    session_ids: Annotated[
        list[UUID], msgspec.Meta(min_length=1, max_length=docket_service.MAX_SESSIONS)
    ]
    not_before: datetime
    not_after: datetime
    time_budget_s: Annotated[float, msgspec.Meta(ge=0, le=60)] = 2.0


class PlacedRead(msgspec.Struct):
    session_id: UUID
    start: datetime
    end: datetime
    room_id: UUID


class UnplacedRead(msgspec.Struct):
    session_id: UUID
    reason: str


class DocketRead(msgspec.Struct):
    placed: list[PlacedRead]
    unplaced: list[UnplacedRead]
    strategy: str
    elapsed_s: float
    #: At most how many of the sessions any plan could place (a relaxation): how far this
    #: plan is from the best possible.
    upper_bound: int


class DocketController(Controller):
    path = "/api/v1/dockets"
    tags = ("scheduling",)

    @post("/", operation_id="planDocket", status_code=200, guards=[staff_only])
    async def plan(self, data: JSONBody[DocketIn]) -> DocketRead:
        """Propose a start and a room for each session; nothing is booked. Book each
        placement with `POST /api/v1/sessions/{id}/booking`."""
        plan = await docket_service.plan_docket_for(
            data.session_ids, data.not_before, data.not_after, data.time_budget_s, datetime.now(UTC)
        )
        return DocketRead(
            placed=[
                PlacedRead(UUID(p.session_id), p.start, p.end, UUID(p.room_id)) for p in plan.placed
            ],
            unplaced=[UnplacedRead(UUID(u.session_id), u.reason) for u in plan.unplaced],
            strategy=plan.strategy,
            elapsed_s=round(plan.stats.get("elapsed_s", 0.0), 3),
            upper_bound=len(plan.placed) if plan.upper_bound is None else plan.upper_bound,
        )
