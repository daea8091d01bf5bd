"""Use cases for availability: working hours, busy blocks, and loading who is free when."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from core.access import Viewer, ensure_self_or_staff
from core.audit import record_event
from core.clock import require_aware
from core.db import write_transaction
from core.errors import RuleViolation
from core.timezones import check_timezone
from parties.people import service as parties
from scheduling.availability.busy_time import BusyStretch, BusyTime, load_busy, person_key, room_key
from scheduling.availability.free_time import (
    Availability,
    WorkingHours,
    office_hours,
    parse_ranges,
    parse_weekly,
)
from scheduling.intervals import Interval
from scheduling.rooms.service import ROOM_COLUMNS, RoomView, get_room, room_view
from scheduling.slots.query import Room
from scheduling.tables import BusyBlock, WorkingHoursRecord
from scheduling.tables import Room as RoomTable

#: Busy time is loaded this far beyond a window so buffers and local days at its edges see it.
BUSY_MARGIN = timedelta(days=1)


def working_hours_from(
    timezone: str,
    weekly: dict[str, Any],
    exceptions: list[dict[str, Any]],
    holidays: Iterable[date] = (),
) -> WorkingHours:
    """Stored (or submitted) hours as a WorkingHours, closed on the jurisdiction's ``holidays``
    unless an exception of the owner's own says otherwise; errors name the field at fault."""
    parsed_exceptions: dict[date, Any] = {day: () for day in holidays}
    for index, exception in enumerate(exceptions):
        day = exception["date"]
        day = date.fromisoformat(day) if isinstance(day, str) else day
        parsed_exceptions[day] = parse_ranges(
            exception.get("hours", []), f"exceptions[{index}].hours"
        )
    return WorkingHours(check_timezone(timezone), parse_weekly(weekly), parsed_exceptions)


async def set_working_hours(
    owner: str,
    owner_id: UUID,
    timezone: str,
    weekly: dict[str, Any],
    exceptions: list[dict[str, Any]],
) -> None:
    working_hours_from(timezone, weekly, exceptions)
    stored_exceptions = [
        {"date": str(exception["date"]), "hours": exception.get("hours", [])}
        for exception in exceptions
    ]
    column = WorkingHoursRecord.person if owner == "person" else WorkingHoursRecord.room
    async with write_transaction():
        if owner == "person":
            await parties.get_person(owner_id)
        else:
            await get_room(owner_id)
        await WorkingHoursRecord.delete().where(column == owner_id)
        await WorkingHoursRecord.insert(
            WorkingHoursRecord(
                person=owner_id if owner == "person" else None,
                room=owner_id if owner == "room" else None,
                timezone=timezone,
                weekly=weekly,
                exceptions=stored_exceptions,
            )
        )
        await record_event(f"{owner}.working_hours_set", owner, owner_id, {"timezone": timezone})


async def set_working_hours_for(
    viewer: Viewer,
    person_id: UUID,
    timezone: str,
    weekly: dict[str, Any],
    exceptions: list[dict[str, Any]],
) -> None:
    """A person's working hours: staff set anyone's, a participant only their own."""
    ensure_self_or_staff(viewer, person_id)
    await set_working_hours("person", person_id, timezone, weekly, exceptions)


@dataclass(frozen=True)
class BusyBlockView:
    id: UUID
    start: datetime
    end: datetime
    label: str


async def add_busy_block(
    owner: str, owner_id: UUID, start: datetime, end: datetime, label: str
) -> BusyBlockView:
    require_aware(start, "start")
    require_aware(end, "end")
    if end <= start:
        raise RuleViolation("end must be after start", code="invalid_interval", field="end")
    async with write_transaction():
        if owner == "person":
            await parties.get_person(owner_id)
        else:
            await get_room(owner_id)
        block = BusyBlock(
            person=owner_id if owner == "person" else None,
            room=owner_id if owner == "room" else None,
            start_at=start,
            end_at=end,
            label=label,
            source="manual",
        )
        await block.save()
        await record_event(f"{owner}.busy_added", owner, owner_id, {"label": label})
    return BusyBlockView(id=block.id, start=start, end=end, label=label)


async def add_busy_block_for(
    viewer: Viewer, person_id: UUID, start: datetime, end: datetime, label: str
) -> BusyBlockView:
    """Time a person is busy: staff mark anyone's, a participant only their own."""
    ensure_self_or_staff(viewer, person_id)
    return await add_busy_block("person", person_id, start, end, label)


@dataclass(frozen=True)
class LoadedAvailability:
    people: dict[UUID, Availability]
    rooms: dict[UUID, Room]


@dataclass(frozen=True)
class Owners:
    """The people and rooms a search looks at, with their hours: three queries."""

    #: Each person's IANA time zone, by id.
    person_zones: dict[UUID, str]
    rooms: list[RoomView]
    hours: dict[str, WorkingHours]

    @property
    def room_ids(self) -> list[UUID]:
        return [room.id for room in self.rooms]


async def load_owners(
    person_ids: Sequence[UUID],
    room_ids: Sequence[UUID] | None,
    room_fits: Callable[[RoomView], bool] | None,
    holidays: Iterable[date] = (),
) -> Owners:
    person_zones = await parties.timezones_of(list(person_ids))
    room_query = RoomTable.select(*ROOM_COLUMNS)
    if room_ids is not None:
        room_query = room_query.where(RoomTable.id.is_in(list(room_ids) or [UUID(int=0)]))
    rooms = [
        room
        for room in map(room_view, await room_query.output(load_json=True))
        if room_fits is None or room_fits(room)
    ]
    rows = (
        await WorkingHoursRecord.select()
        .where(
            WorkingHoursRecord.person.is_in(list(person_zones) or [UUID(int=0)])
            | WorkingHoursRecord.room.is_in([room.id for room in rooms] or [UUID(int=0)])
        )
        .output(load_json=True)
    )
    hours = {
        person_key(row["person"]) if row["person"] else room_key(row["room"]): working_hours_from(
            row["timezone"], row["weekly"], row["exceptions"], holidays
        )
        for row in rows
    }
    return Owners(person_zones, rooms, hours)


def assemble_availability(
    owners: Owners, busy: BusyTime, holidays: Iterable[date] = ()
) -> LoadedAvailability:
    default_hours: dict[str, WorkingHours] = {}

    def availability(key: str, timezone: str) -> Availability:
        hours = owners.hours.get(key)
        if hours is None:
            if timezone not in default_hours:
                default_hours[timezone] = office_hours(timezone, holidays)
            hours = default_hours[timezone]
        return Availability(
            id=key.split(":", 1)[1],
            hours=hours,
            busy_us=tuple(busy.spans.get(key, ())),
            session_days=busy.session_days.get(key, {}),
        )

    return LoadedAvailability(
        people={
            person_id: availability(person_key(person_id), timezone)
            for person_id, timezone in owners.person_zones.items()
        },
        rooms={
            room.id: Room(
                availability=availability(room_key(room.id), room.timezone),
                capacity=room.capacity,
                public_seats=room.public_seats,
                features=frozenset(room.features),
            )
            for room in owners.rooms
        },
    )


async def load_availability(
    person_ids: Sequence[UUID],
    window: Interval,
    *,
    exclude_session: UUID | None = None,
    room_ids: Sequence[UUID] | None = None,
    now: datetime | None = None,
    room_fits: Callable[[RoomView], bool] | None = None,
    holidays: Iterable[date] = (),
) -> LoadedAvailability:
    """People's and rooms' hours and busy time around ``window``: five queries, whatever the
    number of people or rooms. Tentative holds that lapsed before ``now`` block nothing; every
    office and room is closed on the jurisdiction's ``holidays``."""
    owners = await load_owners(person_ids, room_ids, room_fits, holidays)
    stretch = BusyStretch(window.start - BUSY_MARGIN, window.end + BUSY_MARGIN)
    busy = await load_busy(
        owners.person_zones, owners.room_ids, stretch, exclude_session=exclude_session, now=now
    )
    return assemble_availability(owners, busy, holidays)
