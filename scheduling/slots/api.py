"""HTTP endpoint and types for slot search."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, post
from litestar.params import FromPath, JSONBody

from core.clock import require_aware
from core.web.guards import staff_only
from core.web.wire import MAX_FEATURES, Body, Feature
from scheduling.slots import service
from scheduling.slots.query import Slot
from scheduling.slots.service import SearchOptions

WholeMinutes = Annotated[int, msgspec.Meta(ge=0, le=240)]


class SlotSearchIn(Body):
    not_before: datetime
    not_after: datetime
    limit: Annotated[int, msgspec.Meta(ge=1, le=200)] = 20
    grid_minutes: Annotated[int, msgspec.Meta(ge=1, le=240)] = 15
    buffer_before_minutes: WholeMinutes = 0
    buffer_after_minutes: WholeMinutes = 0
    required_features: Annotated[list[Feature], msgspec.Meta(max_length=MAX_FEATURES)] = (
        msgspec.field(default_factory=list)
    )
    max_sessions_per_day: Annotated[int, msgspec.Meta(ge=1, le=20)] | None = None

    def options(self) -> SearchOptions:
        return SearchOptions(
            limit=self.limit,
            grid=timedelta(minutes=self.grid_minutes),
            buffer_before=timedelta(minutes=self.buffer_before_minutes),
            buffer_after=timedelta(minutes=self.buffer_after_minutes),
            required_features=frozenset(self.required_features),
            max_sessions_per_day=self.max_sessions_per_day,
        )


class SlotRead(msgspec.Struct):
    start: datetime
    end: datetime
    room_id: UUID | None
    missing_optional: list[UUID]
    #: Free pieces shorter than the session it leaves in the days of those who come and of the
    #: room (scheduling.slots.fragmentation): 0 is the tidiest fit.
    fragmentation: int = 0


class SlotSearchRead(msgspec.Struct):
    slots: list[SlotRead]
    reason: str | None = None
    blocking: list[str] = msgspec.field(default_factory=list)
    nearest_outside: SlotRead | None = None


def slot_read(slot: Slot) -> SlotRead:
    return SlotRead(
        start=slot.start,
        end=slot.end,
        room_id=UUID(slot.room_id) if slot.room_id else None,
        missing_optional=[UUID(person) for person in slot.missing_optional],
        fragmentation=slot.fragmentation,
    )


class SlotSearchController(Controller):
    path = "/api/v1/sessions/{session_id:uuid}"
    tags = ["scheduling"]

    @post("/slot-search", operation_id="searchSlots", status_code=200, guards=[staff_only])
    async def slot_search(
        self, session_id: FromPath[UUID], data: JSONBody[SlotSearchIn]
    ) -> SlotSearchRead:
        require_aware(data.not_before, "not_before")
        require_aware(data.not_after, "not_after")
        result = await service.search_slots(
            session_id, data.not_before, data.not_after, datetime.now(UTC), data.options()
        )
        return SlotSearchRead(
            slots=[slot_read(slot) for slot in result.slots],
            reason=result.reason,
            blocking=list(result.blocking),
            nearest_outside=slot_read(result.nearest_outside) if result.nearest_outside else None,
        )
