"""HTTP endpoints for people's working hours and busy time."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, post, put
from litestar.params import FromPath, JSONBody

from core.web import wire
from core.web.guards import account_of
from core.web.wire import Body, Label, Zone
from scheduling.availability import service as availability

Clock = Annotated[str, msgspec.Meta(pattern=r"^\d{2}:\d{2}$")]


#: A day of opening hours: a few ranges (a split shift), never hundreds.
Ranges = Annotated[
    list[Annotated[list[Clock], msgspec.Meta(min_length=2, max_length=2)]],
    msgspec.Meta(max_length=24),
]


Reason = Annotated[wire.Reason, msgspec.Meta(min_length=1)]


class HoursException(Body):
    date: date
    hours: Ranges = msgspec.field(default_factory=list)


class WorkingHoursIn(Body):
    timezone: Zone
    weekly: Annotated[dict[str, Ranges], msgspec.Meta(max_length=7)]
    exceptions: Annotated[
        list[HoursException], msgspec.Meta(max_length=wire.MAX_HOUR_EXCEPTIONS)
    ] = msgspec.field(default_factory=list)


class WorkingHoursRead(msgspec.Struct):
    timezone: str
    weekly: dict[str, Ranges]
    exceptions: list[HoursException]


class BusyIn(Body):
    start: datetime
    end: datetime
    label: Label = ""


class BusyRead(msgspec.Struct):
    id: UUID
    start: datetime
    end: datetime
    label: str


class AvailabilityController(Controller):
    path = "/api/v1/people/{person_id:uuid}"
    tags = ["availability"]

    @put("/working-hours", operation_id="setWorkingHours")
    async def working_hours(
        self,
        request: Request[Any, Any, Any],
        person_id: FromPath[UUID],
        data: JSONBody[WorkingHoursIn],
    ) -> WorkingHoursRead:
        await availability.set_working_hours_for(
            account_of(request),
            person_id,
            data.timezone,
            data.weekly,
            [msgspec.structs.asdict(e) for e in data.exceptions],
        )
        return WorkingHoursRead(
            timezone=data.timezone, weekly=data.weekly, exceptions=data.exceptions
        )

    @post("/busy", operation_id="addBusy")
    async def busy(
        self, request: Request[Any, Any, Any], person_id: FromPath[UUID], data: JSONBody[BusyIn]
    ) -> BusyRead:
        block = await availability.add_busy_block_for(
            account_of(request), person_id, data.start, data.end, data.label
        )
        return BusyRead(id=block.id, start=block.start, end=block.end, label=block.label)
