"""The database the API slot-search benchmark runs against, seeded straight through the tables.

People, rooms, 10,000 booked sessions with their claims, busy blocks for the people searched
for, and a coordinator's account: ``bench.slot_search_api`` times searches over it.
"""

from __future__ import annotations

import random
import secrets
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from uuid import UUID
from zoneinfo import ZoneInfo

from piccolo.table import Table

from core.access import Role
from core.db import database, is_sqlite
from core.migrations import migrate
from core.settings import get_settings
from hearing.tables import Case, Session, SessionParticipant
from hearing.vocabulary import ParticipantRole, SessionKind, SessionStatus
from parties.accounts import service as accounts
from parties.tables import Person
from scheduling.availability.busy_time import person_key, room_key
from scheduling.tables import Booking, BookingClaim, BusyBlock
from scheduling.tables import Room as RoomTable

SHANGHAI = ZoneInfo("Asia/Shanghai")
PASSWORD = "bench-password-123"
PEOPLE = 3000
ROOMS = 45
HORIZON_DAYS = 90
#: Fixed room sittings (local start, minutes): bookings on one resource never overlap, as
#: PostgreSQL's exclusion constraint demands.
SITTINGS = ((clock(9, 0), 90), (clock(10, 30), 90), (clock(13, 30), 90), (clock(15, 0), 90))
ROLES = (ParticipantRole.PETITIONER, ParticipantRole.DEPARTMENT, ParticipantRole.MEDIATOR)
BATCH = 1000


def _batches(rows: Sequence[Table]) -> Iterator[Sequence[Table]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


async def insert_all(table: type[Table], rows: Sequence[Table]) -> None:
    for batch in _batches(rows):
        await table.insert(*batch)


@dataclass
class World:
    people: list[Person]
    rooms: list[RoomTable]
    first_day: date


def _weekdays(first_day: date, days: int) -> list[date]:
    every = (first_day + timedelta(days=offset) for offset in range(days))
    return [day for day in every if day.weekday() < 5]


def local(day: date, at: clock) -> datetime:
    return datetime.combine(day, at, tzinfo=SHANGHAI)


async def seed_people_and_rooms(rng: random.Random, first_day: date) -> World:
    zones = ("Asia/Shanghai",) * 17 + ("Asia/Hong_Kong", "Asia/Urumqi", "Asia/Tokyo")
    people = [
        Person(
            name=f"当事人 {index}",
            email=f"person{index}@bench.example.cn",
            timezone=rng.choice(zones),
            calendar_feed_token=secrets.token_hex(16),
        )
        for index in range(PEOPLE)
    ]
    rooms = [
        RoomTable(
            name=f"调解室 {index}",
            capacity=rng.choice((6, 8, 10, 12, 16, 20, 30, 50)),
            public_seats=rng.choice((0, 0, 20, 60)),
            timezone="Asia/Shanghai",
        )
        for index in range(ROOMS)
    ]
    await insert_all(Person, people)
    await insert_all(RoomTable, rooms)
    return World(people, rooms, first_day)


def _sessions_and_bookings(
    rng: random.Random, world: World, bookings: int, now: datetime
) -> tuple[list[Table], list[Table], list[Table], list[Table], list[Table]]:
    sittings = [
        (day, room, sitting)
        for day in _weekdays(world.first_day, HORIZON_DAYS)
        for room in world.rooms
        for sitting in range(len(SITTINGS))
    ]
    if bookings > len(sittings):
        raise SystemExit(f"{bookings} bookings do not fit {len(sittings)} room sittings")
    taken: set[tuple[date, int, int]] = set()
    cases = [
        Case(reference=f"XF-B-{n}", title="积案", registered_on=now.date(), created_at=now)
        for n in range(bookings // 5)
    ]
    sessions: list[Table] = []
    participants: list[Table] = []
    booked: list[Table] = []
    claims: list[Table] = []
    for index, (day, room, sitting) in enumerate(rng.sample(sittings, bookings)):
        people = _free_people(rng, world, taken, day, sitting)
        session, booking = _booked_session(cases[index % len(cases)], room, day, sitting, now)
        sessions.append(session)
        booked.append(booking)
        participants += _participants(session, people)
        keys = [person_key(p.id) for p in people] + [room_key(room.id)]
        claims += [
            BookingClaim(
                booking=booking.id,
                resource_key=key,
                start_at=booking.start_at,
                end_at=booking.end_at,
            )
            for key in keys
        ]
    return list[Table](cases), sessions, participants, booked, claims


def _free_people(
    rng: random.Random, world: World, taken: set[tuple[date, int, int]], day: date, sitting: int
) -> list[Person]:
    """Three or four people not yet booked at this sitting, marked as taken."""
    people: list[Person] = []
    while len(people) < rng.choice((3, 3, 4)):
        person = rng.randrange(PEOPLE)
        if (day, sitting, person) not in taken:
            taken.add((day, sitting, person))
            people.append(world.people[person])
    return people


def _booked_session(
    case: Case, room: RoomTable, day: date, sitting: int, now: datetime
) -> tuple[Session, Booking]:
    at, minutes = SITTINGS[sitting]
    start = local(day, at)
    end = start + timedelta(minutes=minutes)
    session = Session(
        kind=SessionKind.MEDIATION.value,
        case=case.id,
        title="调解",
        duration_minutes=minutes,
        status=SessionStatus.SCHEDULED.value,
        start_at=start,
        end_at=end,
        room_id=room.id,
        created_at=now,
    )
    booking = Booking(session=session.id, room=room.id, start_at=start, end_at=end, created_at=now)
    return session, booking


def _participants(session: Session, people: Sequence[Person]) -> list[Table]:
    return [
        SessionParticipant(session=session.id, person=p.id, role=ROLES[n % 3].value)
        for n, p in enumerate(people)
    ]


def _busy_blocks(rng: random.Random, world: World, people: Sequence[Person]) -> list[Table]:
    """0-3 blocks a weekday for the people searched for, over the window and look-ahead."""
    blocks: list[Table] = []
    for person in people:
        for day in _weekdays(world.first_day, HORIZON_DAYS + 31):
            for _ in range(rng.choices((0, 1, 2, 3), (40, 30, 20, 10))[0]):
                quarter = rng.randrange(8 * 4, 17 * 4)
                start = local(day, clock(quarter // 4, quarter % 4 * 15))
                end = start + timedelta(minutes=rng.choice((30, 45, 60, 90, 120)))
                blocks.append(BusyBlock(person=person.id, start_at=start, end_at=end))
    return blocks


async def _searched_session(
    rng: random.Random, world: World, size: int, tag: str, now: datetime
) -> tuple[UUID, list[Person]]:
    case = Case(reference=f"XF-S-{tag}", title="待排期", registered_on=now.date(), created_at=now)
    await case.save()
    session = Session(
        kind=SessionKind.MEDIATION.value,
        case=case.id,
        title=f"{size} 人调解",
        duration_minutes=90,
        status=SessionStatus.UNSCHEDULED.value,
        created_at=now,
    )
    await session.save()
    people = rng.sample(world.people, size)
    await insert_all(SessionParticipant, _participants(session, people))
    return UUID(str(session.id)), people


async def reset_database() -> str:
    """Migrate a fresh database; returns a description of the engine."""
    if is_sqlite():
        get_settings().sqlite_path.unlink(missing_ok=True)
        await migrate()
        return f"SQLite {sqlite3.sqlite_version} (file; a search's reads share one connection)"
    name = (get_settings().database_url or "").rsplit("/", 1)[-1]
    if "test" not in name and "bench" not in name:
        raise SystemExit(f"refusing to wipe database {name!r}: its name must say test or bench")
    await database().run_ddl("DROP SCHEMA public CASCADE")
    await database().run_ddl("CREATE SCHEMA public")
    await migrate()
    version = (await database().run_ddl("SHOW server_version"))[0]["server_version"]
    return f"PostgreSQL {version} (asyncpg, connection pool of {get_settings().db_pool_size})"


async def seed(bookings: int, now: datetime) -> tuple[dict[int, UUID], float]:
    """The database content; returns the sessions to search by size, and the seeding time."""
    began = time.perf_counter()
    rng = random.Random(20261125)
    world = await seed_people_and_rooms(rng, now.astimezone(SHANGHAI).date() + timedelta(days=1))
    cases, sessions, participants, booked, claims = _sessions_and_bookings(
        rng, world, bookings, now
    )
    async with database().transaction():
        await insert_all(Case, cases)
        await insert_all(Session, sessions)
        await insert_all(SessionParticipant, participants)
        await insert_all(Booking, booked)
        await insert_all(BookingClaim, claims)
    searched: dict[int, UUID] = {}
    for size in (3, 10, 30):
        searched[size], people = await _searched_session(rng, world, size, str(size), now)
        await insert_all(BusyBlock, _busy_blocks(rng, world, people))
    await accounts.create_account("bench@bench.example.cn", PASSWORD, Role.COORDINATOR)
    return searched, time.perf_counter() - began
