"""HTTP endpoints for people's working hours, busy time and calendar imports."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, post, put
from litestar.params import FromPath, JSONBody

from core.access import ensure_self_or_staff
from core.errors import RuleViolation
from core.web.guards import account_of
from scheduling.availability import service as availability
from scheduling.calendars import service as calendar_service
from scheduling.calendars.api import CalendarImported, CalendarUrlIn, uploaded_calendar

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


Zone = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]


Clock = Annotated[str, msgspec.Meta(pattern=r"^\d{2}:\d{2}$")]


Ranges = list[Annotated[list[Clock], msgspec.Meta(min_length=2, max_length=2)]]


Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]


class HoursException(msgspec.Struct):
    date: date
    hours: Ranges = msgspec.field(default_factory=list)


class WorkingHoursIn(msgspec.Struct):
    timezone: Zone
    weekly: dict[str, Ranges]
    exceptions: list[HoursException] = msgspec.field(default_factory=list)


class WorkingHoursRead(msgspec.Struct):
    timezone: str
    weekly: dict[str, Ranges]
    exceptions: list[HoursException]


class BusyIn(msgspec.Struct):
    start: datetime
    end: datetime
    label: Annotated[str, msgspec.Meta(max_length=200)] = ""


class BusyRead(msgspec.Struct):
    id: UUID
    start: datetime
    end: datetime
    label: str


def _require_aware(moment: datetime, field: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise RuleViolation(f"{field} needs a UTC offset", code="naive_datetime", field=field)


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
        ensure_self_or_staff(account_of(request), person_id)
        await availability.set_working_hours(
            "person",
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
        ensure_self_or_staff(account_of(request), person_id)
        _require_aware(data.start, "start")
        _require_aware(data.end, "end")
        row = await availability.add_busy_block(
            "person", person_id, data.start, data.end, data.label
        )
        return msgspec.convert(row, BusyRead)

    @post("/calendars", operation_id="importCalendar")
    async def calendars(
        self, request: Request[Any, Any, Any], person_id: FromPath[UUID]
    ) -> CalendarImported:
        """Import busy times: JSON `{url}` fetches a calendar; multipart `file` uploads one."""
        ensure_self_or_staff(account_of(request), person_id)
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("multipart/form-data"):
            filename, text = await uploaded_calendar(request)
            source = f"upload:{filename}"[:300]
        else:
            try:
                body = msgspec.json.decode(await request.body(), type=CalendarUrlIn)
            except msgspec.ValidationError as exc:
                raise RuleViolation(str(exc), code="invalid_request", field="url") from exc
            count, source = await calendar_service.subscribe_calendar(
                person_id, body.url, datetime.now(UTC)
            )
            return CalendarImported(busy_blocks=count, source=source)
        count = await calendar_service.import_calendar(person_id, text, source)
        return CalendarImported(busy_blocks=count, source=source)
