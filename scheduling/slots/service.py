"""Use cases for rooms, availability and slot search."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from core.audit import record_event
from core.crud import Row, delete_row, fetch_one, fetch_page, update_row
from core.db import read_together, write_transaction
from core.errors import NotFound, RuleViolation
from core.settings import get_settings
from core.timezones import check_timezone
from hearing.sessions import service as hearing
from hearing.sessions.composition import DEFAULT_RULES, earliest_start
from hearing.sessions.service import SessionParticipantView, SessionView
from hearing.vocabulary import ParticipantRole, SessionStatus
from parties.people import service as parties
from parties.tables import Person
from scheduling.availability.busy_time import BusyStretch, BusyTime, load_busy, person_key, room_key
from scheduling.availability.free_time import (
    Availability,
    WorkingHours,
    office_hours,
    parse_ranges,
    parse_weekly,
)
from scheduling.intervals import Interval
from scheduling.slots.query import Attendee, Room, SlotQuery, SlotSearchResult
from scheduling.slots.search import NEAREST_HORIZON, find_common_slots, nearest_slot_outside
from scheduling.tables import BusyBlock, WorkingHoursRecord
from scheduling.tables import Room as RoomTable

ROOM_COLUMNS = (
    RoomTable.id,
    RoomTable.name,
    RoomTable.capacity,
    RoomTable.public_seats,
    RoomTable.address,
    RoomTable.timezone,
    RoomTable.features,
)
#: Busy time is loaded this far beyond a window so buffers and local days at its edges see it.
BUSY_MARGIN = timedelta(days=1)


# Rooms -----------------------------------------------------------------------------------------


async def create_room(data: dict[str, Any]) -> Row:
    check_timezone(data["timezone"])
    async with write_transaction():
        room = RoomTable(**data)
        await room.save()
        await record_event("room.created", "room", room.id, {"name": data["name"]})
    return await get_room(room.id)


async def list_rooms(
    limit: int, offset: int, min_capacity: int | None = None
) -> tuple[list[Row], int]:
    where = RoomTable.capacity >= min_capacity if min_capacity else None
    return await fetch_page(
        RoomTable, ROOM_COLUMNS, where=where, limit=limit, offset=offset, order_by=RoomTable.name
    )


async def get_room(room_id: UUID) -> Row:
    return await fetch_one(RoomTable, room_id, ROOM_COLUMNS, "room")


async def update_room(room_id: UUID, changes: dict[str, Any]) -> Row:
    if "timezone" in changes:
        check_timezone(changes["timezone"])
    async with write_transaction():
        await update_row(RoomTable, room_id, changes, "room")
        await record_event("room.updated", "room", room_id, changes)
    return await get_room(room_id)


async def delete_room(room_id: UUID) -> None:
    async with write_transaction():
        await delete_row(RoomTable, room_id, "room")
        await record_event("room.deleted", "room", room_id)


# Working hours and busy time ---------------------------------------------------------------------


def working_hours_from(
    timezone: str, weekly: dict[str, Any], exceptions: list[dict[str, Any]]
) -> WorkingHours:
    """Stored (or submitted) hours as a WorkingHours; errors name the field at fault."""
    parsed_exceptions: dict[date, Any] = {day: () for day in get_settings().holidays}
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


async def add_busy_block(
    owner: str, owner_id: UUID, start: datetime, end: datetime, label: str
) -> Row:
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
    return {"id": block.id, "start": start, "end": end, "label": label}


# Loading availability in a fixed number of queries ---------------------------------------------


@dataclass(frozen=True)
class LoadedAvailability:
    people: dict[UUID, Availability]
    rooms: dict[UUID, Room]


@dataclass(frozen=True)
class _Owners:
    """The people and rooms a search looks at, with their hours: three queries."""

    people: list[Row]
    rooms: list[Row]
    hours: dict[str, WorkingHours]


async def _load_owners(
    person_ids: Sequence[UUID],
    room_ids: Sequence[UUID] | None,
    room_fits: Callable[[Row], bool] | None,
) -> _Owners:
    people = await Person.select(Person.id, Person.timezone).where(
        Person.id.is_in(list(person_ids) or [UUID(int=0)])
    )
    room_query = RoomTable.select(*ROOM_COLUMNS)
    if room_ids is not None:
        room_query = room_query.where(RoomTable.id.is_in(list(room_ids) or [UUID(int=0)]))
    rooms = [
        row
        for row in await room_query.output(load_json=True)
        if room_fits is None or room_fits(row)
    ]
    rows = (
        await WorkingHoursRecord.select()
        .where(
            WorkingHoursRecord.person.is_in([row["id"] for row in people] or [UUID(int=0)])
            | WorkingHoursRecord.room.is_in([row["id"] for row in rooms] or [UUID(int=0)])
        )
        .output(load_json=True)
    )
    hours = {
        person_key(row["person"]) if row["person"] else room_key(row["room"]): working_hours_from(
            row["timezone"], row["weekly"], row["exceptions"]
        )
        for row in rows
    }
    return _Owners(people, rooms, hours)


def _assemble(owners: _Owners, busy: BusyTime) -> LoadedAvailability:
    holidays = get_settings().holidays
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
            row["id"]: availability(person_key(row["id"]), row["timezone"]) for row in owners.people
        },
        rooms={
            row["id"]: Room(
                availability=availability(room_key(row["id"]), row["timezone"]),
                capacity=row["capacity"],
                public_seats=row["public_seats"],
                features=frozenset(row["features"] or ()),
            )
            for row in owners.rooms
        },
    )


async def load_availability(
    person_ids: Sequence[UUID],
    window: Interval,
    *,
    exclude_session: UUID | None = None,
    room_ids: Sequence[UUID] | None = None,
    now: datetime | None = None,
    room_fits: Callable[[Row], bool] | None = None,
) -> LoadedAvailability:
    """People's and rooms' hours and busy time around ``window``: five queries, whatever the
    number of people or rooms. Tentative holds that lapsed before ``now`` block nothing."""
    owners = await _load_owners(person_ids, room_ids, room_fits)
    stretch = BusyStretch(window.start - BUSY_MARGIN, window.end + BUSY_MARGIN)
    busy = await load_busy(
        owners.people, owners.rooms, stretch, exclude_session=exclude_session, now=now
    )
    return _assemble(owners, busy)


# Slot search ----------------------------------------------------------------------------------


def head_counts(session: SessionView) -> tuple[int, int]:
    """Seats needed: (participants, observers)."""
    observers = sum(1 for p in session.participants if p.role == ParticipantRole.OBSERVER)
    return len(session.participants) - observers, observers


@dataclass(frozen=True)
class SearchOptions:
    """What a coordinator may tune per search; the defaults are the jurisdiction's."""

    limit: int = 20
    grid: timedelta = timedelta(minutes=15)
    buffer_before: timedelta = timedelta(0)
    buffer_after: timedelta = timedelta(0)
    required_features: frozenset[str] = frozenset()
    max_sessions_per_day: int | None = None


def slot_query_for(
    session: SessionView,
    not_before: datetime,
    not_after: datetime,
    now: datetime,
    options: SearchOptions = SearchOptions(),
) -> SlotQuery:
    participants, observers = head_counts(session)
    return SlotQuery(
        duration=timedelta(minutes=session.duration_minutes),
        not_before=not_before,
        not_after=not_after,
        now=now,
        notice=max(earliest_start(session.kind, now, DEFAULT_RULES) - now, timedelta(0)),
        grid=options.grid,
        buffer_before=options.buffer_before,
        buffer_after=options.buffer_after,
        head_count=participants,
        observer_seats=observers,
        required_features=options.required_features,
        max_sessions_per_day=options.max_sessions_per_day,
        limit=options.limit,
    )


def _engine_inputs(
    owners: _Owners, busy: BusyTime, searchable: Sequence[SessionParticipantView]
) -> tuple[list[Attendee], list[Room]]:
    loaded = _assemble(owners, busy)
    attendees = [
        Attendee(availability=loaded.people[p.person_id], required=p.required)
        for p in searchable
        if p.person_id in loaded.people
    ]
    return attendees, list(loaded.rooms.values())


async def search_slots(
    session_id: UUID,
    not_before: datetime,
    not_after: datetime,
    now: datetime,
    options: SearchOptions = SearchOptions(),
) -> SlotSearchResult:
    """Slots for a session in ``[not_before, not_after)``; a fixed number of queries whatever
    the number of participants or bookings (two more when the window holds no slot)."""
    if not_after <= not_before:
        raise RuleViolation(
            "not_after must be later than not_before", code="invalid_window", field="not_after"
        )
    async with read_together():
        session = await hearing.get_session(session_id)
        if session.status == SessionStatus.CANCELLED:
            raise RuleViolation("the session is cancelled", code="session_cancelled", field="id")
        query = slot_query_for(session, not_before, not_after, now, options)
        searchable = [p for p in session.participants if p.role != ParticipantRole.OBSERVER]

        def room_fits(room: Row) -> bool:
            features = frozenset(room["features"] or ())
            return query.fits(room["capacity"], room["public_seats"], features)

        owners = await _load_owners([p.person_id for p in searchable], None, room_fits)
        stretch = BusyStretch(not_before - BUSY_MARGIN, not_after + BUSY_MARGIN)
        busy = await load_busy(
            owners.people, owners.rooms, stretch, exclude_session=session_id, now=now
        )
    result = find_common_slots(query, *_engine_inputs(owners, busy, searchable), nearest=False)
    if result.slots:
        return result
    # Busy time beyond the window matters only for "the nearest slot outside it", which the
    # engine looks for when the window holds none: load that stretch only then.
    beyond = replace(
        stretch,
        starts_from=stretch.starts_before,
        starts_before=not_after + NEAREST_HORIZON + BUSY_MARGIN,
    )
    async with read_together():
        later = await load_busy(
            owners.people, owners.rooms, beyond, exclude_session=session_id, now=now
        )
    busy.add(later)
    nearest = nearest_slot_outside(query, *_engine_inputs(owners, busy, searchable))
    return replace(result, nearest_outside=nearest)


async def require_room(room_id: UUID, field: str = "room_id") -> Row:
    try:
        return await get_room(room_id)
    except NotFound as exc:
        raise NotFound(str(exc), code="room_not_found", field=field) from exc
