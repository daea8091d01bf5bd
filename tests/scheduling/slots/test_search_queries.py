"""Slot search loads everything it needs in a fixed number of SQL queries.

Every Piccolo query, on SQLite and on PostgreSQL alike, passes through the engine's
``run_querystring`` (raw SQL through ``run_ddl``): counting calls to both counts the queries.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from hearing.tables import Case, Session, SessionParticipant
from hearing.vocabulary import ParticipantRole, SessionKind, SessionStatus
from parties.tables import Person
from scheduling.availability.busy_time import person_key, room_key
from scheduling.intervals import Interval
from scheduling.slots import service
from scheduling.slots.query import SlotSearchResult
from scheduling.tables import Booking, BookingClaim, BusyBlock, WorkingHoursRecord
from scheduling.tables import Room as RoomTable
from tests.support.statements import record_statements

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=SHANGHAI)
NOT_BEFORE = datetime(2027, 3, 8, 0, 0, tzinfo=SHANGHAI)
NOT_AFTER = datetime(2027, 4, 8, 0, 0, tzinfo=SHANGHAI)
ROLES = (ParticipantRole.PETITIONER, ParticipantRole.DEPARTMENT, ParticipantRole.MEDIATOR)
ZONES = ("Asia/Shanghai", "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Tokyo")


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def weekdays() -> list[date]:
    first = NOT_BEFORE.date()
    days = (first + timedelta(days=offset) for offset in range((NOT_AFTER - NOT_BEFORE).days))
    return [day for day in days if day.weekday() < 5]


@pytest.fixture
def counted_queries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return record_statements(monkeypatch)


async def create_rooms(tag: str, count: int) -> list[UUID]:
    rooms = [
        RoomTable(name=f"{tag} room {index}", capacity=6 + 8 * index, timezone="Asia/Shanghai")
        for index in range(count)
    ]
    await RoomTable.insert(*rooms)
    await WorkingHoursRecord.insert(
        WorkingHoursRecord(
            room=rooms[0].id,
            timezone="Asia/Shanghai",
            weekly={day: [["08:30", "12:00"], ["13:00", "18:00"]] for day in ("mon", "tue")},
        )
    )
    return [room.id for room in rooms]


async def create_people(tag: str, count: int) -> list[UUID]:
    people = [
        Person(
            name=f"{tag} {index}",
            email=f"{tag}.{index}@example.cn",
            timezone=ZONES[index % len(ZONES)],
            calendar_feed_token=secrets.token_hex(16),
        )
        for index in range(count)
    ]
    await Person.insert(*people)
    await WorkingHoursRecord.insert(
        *[
            WorkingHoursRecord(
                person=person.id,
                timezone=person.timezone,
                weekly={"mon": [["09:00", "17:00"]], "wed": [["09:00", "17:00"]]},
            )
            for person in people[::5]
        ]
    )
    return [person.id for person in people]


async def create_session(tag: str, people: list[UUID], status: SessionStatus) -> UUID:
    case = Case(reference=f"XF-{tag}", title=tag, registered_on=NOW.date(), created_at=NOW)
    await case.save()
    session = Session(
        kind=SessionKind.MEDIATION.value,
        case=case.id,
        title=tag,
        duration_minutes=90,
        status=status.value,
        created_at=NOW,
    )
    await session.save()
    await SessionParticipant.insert(
        *[
            SessionParticipant(session=session.id, person=person, role=ROLES[index % 3].value)
            for index, person in enumerate(people)
        ]
    )
    return UUID(str(session.id))


async def add_busy_time(people: list[UUID], rooms: list[UUID], held_day: int = 0) -> list[Interval]:
    """Busy blocks for everyone, and a booking holding every person and room all day on the
    ``held_day``-th weekday of the window; returns the people's busy time."""
    days = weekdays()
    blocks = [
        BusyBlock(
            person=person,
            start_at=local(day, 9 + (index + offset) % 7),
            end_at=local(day, 10 + (index + offset) % 7, 30),
            label="busy",
        )
        for index, person in enumerate(people)
        for offset, day in enumerate(days[::3])
    ]
    blocks += [
        BusyBlock(room=room, start_at=local(day, 14), end_at=local(day, 16), label="repairs")
        for room in rooms
        for day in days[1::4]
    ]
    await BusyBlock.insert(*blocks)
    held = Interval(local(days[held_day], 9), local(days[held_day], 17, 30))
    other = await create_session(f"booked-{people[0]}", people[:2], SessionStatus.SCHEDULED)
    booking = Booking(
        session=other, room=rooms[0], start_at=held.start, end_at=held.end, created_at=NOW
    )
    await booking.save()
    keys = [person_key(p) for p in people] + [room_key(r) for r in rooms]
    await BookingClaim.insert(
        *[
            BookingClaim(booking=booking.id, resource_key=key, start_at=held.start, end_at=held.end)
            for key in keys
        ]
    )
    return [Interval(block.start_at, block.end_at) for block in blocks if block.person] + [held]


async def searched(session_id: UUID, statements: list[str]) -> tuple[int, SlotSearchResult]:
    statements.clear()
    result = await service.search_slots(session_id, NOT_BEFORE, NOT_AFTER, NOW)
    return len(statements), result


async def test_slot_search_runs_as_many_queries_for_thirty_participants_as_for_three(
    db: None, counted_queries: list[str]
) -> None:
    rooms = await create_rooms("hall", 6)
    few = await create_people("few", 3)
    many = await create_people("many", 30)
    busy = await add_busy_time(few, rooms) + await add_busy_time(many, rooms, held_day=1)
    small = await create_session("small", few, SessionStatus.UNSCHEDULED)
    large = await create_session("large", many, SessionStatus.UNSCHEDULED)

    small_count, small_result = await searched(small, counted_queries)
    large_count, large_result = await searched(large, counted_queries)

    assert small_result.slots, small_result.reason
    assert large_result.slots, large_result.reason
    assert small_count == large_count, counted_queries
    assert 1 <= large_count <= 8, counted_queries
    for slot in (*small_result.slots, *large_result.slots):
        assert not any(Interval(slot.start, slot.end).overlaps(block) for block in busy), slot


async def test_slot_search_query_count_does_not_grow_with_busy_time_or_bookings(
    db: None, counted_queries: list[str]
) -> None:
    rooms = await create_rooms("hall", 3)
    people = await create_people("calm", 10)
    session_id = await create_session("calm", people, SessionStatus.UNSCHEDULED)
    quiet_count, _ = await searched(session_id, counted_queries)

    await add_busy_time(people, rooms)
    busy_count, result = await searched(session_id, counted_queries)

    assert result.slots, result.reason
    assert busy_count == quiet_count, counted_queries
