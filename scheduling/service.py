"""Use cases for rooms, availability and slot search."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from core.audit import record_event
from core.crud import Row, delete_row, fetch_one, fetch_page, update_row
from core.db import write_transaction
from core.errors import NotFound, RuleViolation
from core.settings import get_settings
from hearing import service as hearing
from hearing.service import SessionView
from hearing.session_rules import DEFAULT_RULES, earliest_start
from hearing.vocabulary import MAX_SESSION_MINUTES, ParticipantRole, SessionStatus
from parties import service as parties
from parties.tables import Person
from parties.validation import check_timezone
from scheduling.availability import (
    Availability,
    WorkingHours,
    office_hours,
    parse_ranges,
    parse_weekly,
)
from scheduling.intervals import Interval
from scheduling.slot_search import (
    NEAREST_HORIZON,
    Attendee,
    Room,
    SlotQuery,
    SlotSearchResult,
    find_common_slots,
)
from scheduling.tables import Booking, BookingClaim, BusyBlock, WorkingHoursRecord
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


def person_key(person_id: UUID | str) -> str:
    return f"person:{person_id}"


def room_key(room_id: UUID | str) -> str:
    return f"room:{room_id}"


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
    ids_of_people = [row["id"] for row in people]
    ids_of_rooms = [row["id"] for row in rooms]
    hours = (
        await WorkingHoursRecord.select()
        .where(
            WorkingHoursRecord.person.is_in(ids_of_people or [UUID(int=0)])
            | WorkingHoursRecord.room.is_in(ids_of_rooms or [UUID(int=0)])
        )
        .output(load_json=True)
    )
    start, end = window.start - BUSY_MARGIN, window.end + BUSY_MARGIN
    blocks = await BusyBlock.select().where(
        (
            BusyBlock.person.is_in(ids_of_people or [UUID(int=0)])
            | BusyBlock.room.is_in(ids_of_rooms or [UUID(int=0)])
        )
        & (BusyBlock.start_at < end)
        & (BusyBlock.end_at > start)
    )
    keys = [person_key(i) for i in ids_of_people] + [room_key(i) for i in ids_of_rooms]
    claim_query = BookingClaim.select(
        BookingClaim.resource_key, BookingClaim.start_at, BookingClaim.end_at
    ).where(
        BookingClaim.resource_key.is_in(keys or ["-"])
        & (BookingClaim.active == True)  # noqa: E712
        & (BookingClaim.start_at < end)
        # No booking is longer than a session can be: this bound lets the index skip the past.
        & (BookingClaim.start_at > start - timedelta(minutes=MAX_SESSION_MINUTES))
        & (BookingClaim.end_at > start)
    )
    if exclude_session is not None:
        own = await Booking.select(Booking.id).where(Booking.session == exclude_session)
        if own:
            claim_query = claim_query.where(BookingClaim.booking.not_in([row["id"] for row in own]))
    if now is not None:
        claim_query = claim_query.where(
            BookingClaim.expires_at.is_null() | (BookingClaim.expires_at > now)
        )
    claims = await claim_query
    return _assemble(people, rooms, hours, blocks, claims)


def _assemble(
    people: Iterable[Row],
    rooms: Iterable[Row],
    hours: Iterable[Row],
    blocks: Iterable[Row],
    claims: Iterable[Row],
) -> LoadedAvailability:
    hours_by_owner: dict[str, WorkingHours] = {}
    for row in hours:
        owner = person_key(row["person"]) if row["person"] else room_key(row["room"])
        hours_by_owner[owner] = working_hours_from(
            row["timezone"], row["weekly"], row["exceptions"]
        )
    zone_of = {person_key(row["id"]): row["timezone"] for row in people}
    busy: dict[str, list[Interval]] = {}
    session_days: dict[str, Counter[date]] = {}
    for row in claims:
        if row["resource_key"] in zone_of:
            local_day = row["start_at"].astimezone(ZoneInfo(zone_of[row["resource_key"]])).date()
            session_days.setdefault(row["resource_key"], Counter())[local_day] += 1
    for row in blocks:
        owner = person_key(row["person"]) if row["person"] else room_key(row["room"])
        busy.setdefault(owner, []).append(Interval(row["start_at"], row["end_at"]))
    for row in claims:
        busy.setdefault(row["resource_key"], []).append(Interval(row["start_at"], row["end_at"]))

    def availability(key: str, timezone: str) -> Availability:
        return Availability(
            id=key.split(":", 1)[1],
            hours=hours_by_owner.get(key) or office_hours(timezone, get_settings().holidays),
            busy=tuple(busy.get(key, ())),
            session_days=session_days.get(key, {}),
        )

    return LoadedAvailability(
        people={row["id"]: availability(person_key(row["id"]), row["timezone"]) for row in people},
        rooms={
            row["id"]: Room(
                availability=availability(room_key(row["id"]), row["timezone"]),
                capacity=row["capacity"],
                public_seats=row["public_seats"],
                features=frozenset(row["features"] or ()),
            )
            for row in rooms
        },
    )


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


async def search_slots(
    session_id: UUID,
    not_before: datetime,
    not_after: datetime,
    now: datetime,
    options: SearchOptions = SearchOptions(),
) -> SlotSearchResult:
    if not_after <= not_before:
        raise RuleViolation(
            "not_after must be later than not_before", code="invalid_window", field="not_after"
        )
    session = await hearing.get_session(session_id)
    if session.status == SessionStatus.CANCELLED:
        raise RuleViolation("the session is cancelled", code="session_cancelled", field="id")
    query = slot_query_for(session, not_before, not_after, now, options)
    searchable = [p for p in session.participants if p.role != ParticipantRole.OBSERVER]

    def room_fits(room: Row) -> bool:
        return query.fits(room["capacity"], room["public_seats"], frozenset(room["features"] or ()))

    async def search(until: datetime) -> SlotSearchResult:
        loaded = await load_availability(
            [p.person_id for p in searchable],
            Interval(not_before, until),
            exclude_session=session_id,
            now=now,
            room_fits=room_fits,
        )
        attendees = [
            Attendee(availability=loaded.people[p.person_id], required=p.required)
            for p in searchable
            if p.person_id in loaded.people
        ]
        return find_common_slots(query, attendees, list(loaded.rooms.values()))

    # Busy time beyond the window matters only for "the nearest slot outside it", which the
    # engine looks for when the window holds none: load it only then.
    result = await search(not_after)
    if result.slots:
        return result
    return await search(not_after + NEAREST_HORIZON + timedelta(days=1))


async def require_room(room_id: UUID, field: str = "room_id") -> Row:
    try:
        return await get_room(room_id)
    except NotFound as exc:
        raise NotFound(str(exc), code="room_not_found", field=field) from exc
