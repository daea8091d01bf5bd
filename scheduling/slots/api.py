"""HTTP endpoints for rooms, availability, slot search and bookings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, delete, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody

from core.errors import RuleViolation
from core.settings import get_settings
from hearing.sessions.api import SessionRead, session_read
from parties.accounts.middleware import account_of, ensure_self_or_staff, staff_only
from parties.people.api import Limit, Offset, changes_of
from scheduling.booking import service as booking_service
from scheduling.calendars import service as calendar_service
from scheduling.slots import service
from scheduling.slots.query import Slot
from scheduling.slots.service import SearchOptions

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Zone = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Clock = Annotated[str, msgspec.Meta(pattern=r"^\d{2}:\d{2}$")]
Ranges = list[Annotated[list[Clock], msgspec.Meta(min_length=2, max_length=2)]]
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]


class RoomCreate(msgspec.Struct):
    name: Name
    capacity: Annotated[int, msgspec.Meta(ge=1, le=1000)]
    public_seats: Annotated[int, msgspec.Meta(ge=0, le=5000)] = 0
    address: Annotated[str, msgspec.Meta(max_length=500)] = ""
    timezone: Zone = "Asia/Shanghai"
    features: list[Annotated[str, msgspec.Meta(min_length=1, max_length=60)]] = msgspec.field(
        default_factory=list
    )


class RoomUpdate(msgspec.Struct, omit_defaults=True):
    name: Name | msgspec.UnsetType = msgspec.UNSET
    capacity: Annotated[int, msgspec.Meta(ge=1, le=1000)] | msgspec.UnsetType = msgspec.UNSET
    public_seats: Annotated[int, msgspec.Meta(ge=0, le=5000)] | msgspec.UnsetType = msgspec.UNSET
    address: Annotated[str, msgspec.Meta(max_length=500)] | msgspec.UnsetType = msgspec.UNSET
    timezone: Zone | msgspec.UnsetType = msgspec.UNSET
    features: list[str] | msgspec.UnsetType = msgspec.UNSET


class RoomRead(msgspec.Struct):
    id: UUID
    name: str
    capacity: int
    public_seats: int
    address: str
    timezone: str
    features: list[str]


class RoomList(msgspec.Struct):
    items: list[RoomRead]
    total: int
    limit: int
    offset: int


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


class CalendarUrlIn(msgspec.Struct):
    url: Annotated[str, msgspec.Meta(pattern=r"^https?://", max_length=2000)]


class CalendarImported(msgspec.Struct):
    busy_blocks: int
    source: str


Minutes = Annotated[int, msgspec.Meta(ge=0, le=240)]


class SlotSearchIn(msgspec.Struct):
    not_before: datetime
    not_after: datetime
    limit: Annotated[int, msgspec.Meta(ge=1, le=200)] = 20
    grid_minutes: Annotated[int, msgspec.Meta(ge=1, le=240)] = 15
    buffer_before_minutes: Minutes = 0
    buffer_after_minutes: Minutes = 0
    required_features: list[Annotated[str, msgspec.Meta(max_length=60)]] = msgspec.field(
        default_factory=list
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


class BookingIn(msgspec.Struct):
    start: datetime
    room_id: FromPath[UUID]


class RescheduleIn(msgspec.Struct):
    start: datetime
    room_id: FromPath[UUID]
    reason: Reason


class CancelIn(msgspec.Struct):
    reason: Reason


def slot_read(slot: Slot) -> SlotRead:
    return SlotRead(
        start=slot.start,
        end=slot.end,
        room_id=UUID(slot.room_id) if slot.room_id else None,
        missing_optional=[UUID(person) for person in slot.missing_optional],
        fragmentation=slot.fragmentation,
    )


async def uploaded_calendar(request: Request[Any, Any, Any]) -> tuple[str, str]:
    """The file name and text of the .ics sent in the multipart field ``file``."""
    upload = (await request.form()).get("file")
    if upload is None or isinstance(upload, str):
        raise RuleViolation(
            "send the .ics file in the multipart field `file`", code="file_required", field="file"
        )
    text = (await upload.read()).decode("utf-8", errors="replace")
    return upload.filename or "calendar.ics", text


def _require_aware(moment: datetime, field: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise RuleViolation(f"{field} needs a UTC offset", code="naive_datetime", field=field)


class RoomController(Controller):
    path = "/api/v1/rooms"
    tags = ["rooms"]

    @post("/", operation_id="createRoom", guards=[staff_only])
    async def create_room(self, data: JSONBody[RoomCreate]) -> RoomRead:
        return msgspec.convert(await service.create_room(msgspec.structs.asdict(data)), RoomRead)

    @get("/", operation_id="listRooms")
    async def list_rooms(
        self, limit: Limit = 50, offset: Offset = 0, min_capacity: FromQuery[int | None] = None
    ) -> RoomList:
        rows, total = await service.list_rooms(limit, offset, min_capacity)
        items = [msgspec.convert(row, RoomRead) for row in rows]
        return RoomList(items=items, total=total, limit=limit, offset=offset)

    @get("/{room_id:uuid}", operation_id="getRoom")
    async def get_room(self, room_id: FromPath[UUID]) -> RoomRead:
        return msgspec.convert(await service.get_room(room_id), RoomRead)

    @patch("/{room_id:uuid}", operation_id="updateRoom", guards=[staff_only])
    async def update_room(self, room_id: FromPath[UUID], data: JSONBody[RoomUpdate]) -> RoomRead:
        return msgspec.convert(await service.update_room(room_id, changes_of(data)), RoomRead)

    @delete("/{room_id:uuid}", operation_id="deleteRoom", guards=[staff_only])
    async def delete_room(self, room_id: FromPath[UUID]) -> None:
        await service.delete_room(room_id)

    @put("/{room_id:uuid}/opening-hours", operation_id="setRoomOpeningHours", guards=[staff_only])
    async def opening_hours(
        self, room_id: FromPath[UUID], data: JSONBody[WorkingHoursIn]
    ) -> WorkingHoursRead:
        await service.set_working_hours(
            "room",
            room_id,
            data.timezone,
            data.weekly,
            [msgspec.structs.asdict(e) for e in data.exceptions],
        )
        return WorkingHoursRead(
            timezone=data.timezone, weekly=data.weekly, exceptions=data.exceptions
        )

    @post("/{room_id:uuid}/busy", operation_id="addRoomBusy", guards=[staff_only])
    async def busy(self, room_id: FromPath[UUID], data: JSONBody[BusyIn]) -> BusyRead:
        _require_aware(data.start, "start")
        _require_aware(data.end, "end")
        row = await service.add_busy_block("room", room_id, data.start, data.end, data.label)
        return msgspec.convert(row, BusyRead)


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
        await service.set_working_hours(
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
        row = await service.add_busy_block("person", person_id, data.start, data.end, data.label)
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


class BookingController(Controller):
    path = "/api/v1/sessions/{session_id:uuid}"
    tags = ["scheduling"]

    @post("/slot-search", operation_id="searchSlots", status_code=200, guards=[staff_only])
    async def slot_search(
        self, session_id: FromPath[UUID], data: JSONBody[SlotSearchIn]
    ) -> SlotSearchRead:
        _require_aware(data.not_before, "not_before")
        _require_aware(data.not_after, "not_after")
        result = await service.search_slots(
            session_id, data.not_before, data.not_after, datetime.now(UTC), data.options()
        )
        return SlotSearchRead(
            slots=[slot_read(slot) for slot in result.slots],
            reason=result.reason,
            blocking=list(result.blocking),
            nearest_outside=slot_read(result.nearest_outside) if result.nearest_outside else None,
        )

    @post("/booking", operation_id="bookSession", guards=[staff_only])
    async def book(self, session_id: FromPath[UUID], data: JSONBody[BookingIn]) -> SessionRead:
        _require_aware(data.start, "start")
        session = await booking_service.book_session(
            session_id, data.start, data.room_id, datetime.now(UTC)
        )
        return session_read(session)

    @post("/hold", operation_id="holdSlot", guards=[staff_only])
    async def hold(self, session_id: FromPath[UUID], data: JSONBody[BookingIn]) -> SessionRead:
        """Hold a slot tentatively (CONCORD_HOLD_MINUTES); book it later to confirm."""
        _require_aware(data.start, "start")
        session = await booking_service.hold_session(
            session_id,
            data.start,
            data.room_id,
            datetime.now(UTC),
            timedelta(minutes=get_settings().hold_minutes),
        )
        return session_read(session)

    @post("/reschedule", operation_id="rescheduleSession", status_code=200, guards=[staff_only])
    async def reschedule(
        self, session_id: FromPath[UUID], data: JSONBody[RescheduleIn]
    ) -> SessionRead:
        _require_aware(data.start, "start")
        session = await booking_service.reschedule_session(
            session_id, data.start, data.room_id, data.reason, datetime.now(UTC)
        )
        return session_read(session)

    @post("/cancel", operation_id="cancelSession", status_code=200, guards=[staff_only])
    async def cancel(self, session_id: FromPath[UUID], data: JSONBody[CancelIn]) -> SessionRead:
        return session_read(
            await booking_service.cancel_session(session_id, data.reason, datetime.now(UTC))
        )

    @delete(
        "/participants/{person_id:uuid}",
        operation_id="removeParticipant",
        status_code=200,
        guards=[staff_only],
    )
    async def remove_participant(
        self, session_id: FromPath[UUID], person_id: FromPath[UUID]
    ) -> SessionRead:
        """Take someone off the session: their invite.ics becomes a CANCEL for them alone."""
        return session_read(
            await booking_service.remove_participant(session_id, person_id, datetime.now(UTC))
        )
