"""Slot search through the HTTP API with 10,000 existing bookings.

``.venv/bin/python -m bench.slot_search_api`` from the project root: a scratch SQLite database
in a temporary directory, or, when DATABASE_URL is set, that PostgreSQL database (wiped: its
name must contain "test" or "bench"). The database is migrated and seeded straight through the
tables (people, rooms, 10,000 booked sessions with their claims, busy blocks), then
``POST /api/v1/sessions/{id}/slot-search`` is timed through Litestar's AsyncTestClient with the
app's own lifespan (so PostgreSQL runs with its connection pool). SQL statements are counted at
the engine's ``run_querystring``, the method every Piccolo query passes through.
The figures go to the "Slot search through the API" section of docs/performance.md.
"""

from __future__ import annotations

import os
import tempfile

# Settings are read once, at first import of the project: point them at scratch space first.
os.environ["CONCORD_DATA_DIR"] = tempfile.mkdtemp(prefix="concord-bench-")

import argparse
import asyncio
import logging
import random
import secrets
import sqlite3
import statistics
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from litestar.testing import AsyncTestClient
from piccolo.table import Table

from app import create_app
from bench.slot_search import machine, read_section, write_section
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

SECTION = "## Slot search through the API"
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


def _local(day: date, at: clock) -> datetime:
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
        at, minutes = SITTINGS[sitting]
        start = _local(day, at)
        end = start + timedelta(minutes=minutes)
        people: list[Person] = []
        while len(people) < rng.choice((3, 3, 4)):
            person = rng.randrange(PEOPLE)
            if (day, sitting, person) not in taken:
                taken.add((day, sitting, person))
                people.append(world.people[person])
        session = Session(
            kind=SessionKind.MEDIATION.value,
            case=cases[index % len(cases)].id,
            title="调解",
            duration_minutes=minutes,
            status=SessionStatus.SCHEDULED.value,
            start_at=start,
            end_at=end,
            room_id=room.id,
            created_at=now,
        )
        booking = Booking(
            session=session.id, room=room.id, start_at=start, end_at=end, created_at=now
        )
        sessions.append(session)
        booked.append(booking)
        participants += [
            SessionParticipant(session=session.id, person=p.id, role=ROLES[n % 3].value)
            for n, p in enumerate(people)
        ]
        keys = [person_key(p.id) for p in people] + [room_key(room.id)]
        claims += [
            BookingClaim(booking=booking.id, resource_key=key, start_at=start, end_at=end)
            for key in keys
        ]
    return list[Table](cases), sessions, participants, booked, claims


def _busy_blocks(rng: random.Random, world: World, people: Sequence[Person]) -> list[Table]:
    """0-3 blocks a weekday for the people searched for, over the window and look-ahead."""
    blocks: list[Table] = []
    for person in people:
        for day in _weekdays(world.first_day, HORIZON_DAYS + 31):
            for _ in range(rng.choices((0, 1, 2, 3), (40, 30, 20, 10))[0]):
                quarter = rng.randrange(8 * 4, 17 * 4)
                start = _local(day, clock(quarter // 4, quarter % 4 * 15))
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
    await insert_all(
        SessionParticipant,
        [
            SessionParticipant(session=session.id, person=p.id, role=ROLES[n % 3].value)
            for n, p in enumerate(people)
        ],
    )
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


class QueryCounter:
    """Counts statements at the engine class, whichever event loop runs them."""

    def __init__(self) -> None:
        self.count = 0

    def install(self) -> None:
        engine_class: Any = type(database())
        original: Callable[..., Awaitable[Any]] = engine_class.run_querystring

        async def counting(engine: Any, querystring: Any, *args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return await original(engine, querystring, *args, **kwargs)

        engine_class.run_querystring = counting


@dataclass(frozen=True)
class Measured:
    rounds_ms: list[list[float]]
    queries_by_size: dict[int, int]
    slots_found: int


async def measure(
    searched: dict[int, UUID], requests: int, rounds: int, now: datetime, counter: QueryCounter
) -> Measured:
    start_day = now.astimezone(SHANGHAI).date() + timedelta(days=1)
    body = {
        "not_before": _local(start_day, clock(0)).isoformat(),
        "not_after": _local(start_day + timedelta(days=30), clock(0)).isoformat(),
        "limit": 20,
    }
    async with AsyncTestClient(app=create_app()) as client:
        response = await client.post(
            "/api/v1/auth/token", json={"email": "bench@bench.example.cn", "password": PASSWORD}
        )
        headers = {"Authorization": f"Bearer {response.json()['access_token']}"}

        async def search(session_id: UUID) -> dict[str, Any]:
            response = await client.post(
                f"/api/v1/sessions/{session_id}/slot-search", json=body, headers=headers
            )
            if response.status_code != 200:
                raise SystemExit(f"slot search failed: {response.status_code} {response.text}")
            result: dict[str, Any] = response.json()
            return result

        queries: dict[int, int] = {}
        for size, session_id in searched.items():
            before = counter.count
            await search(session_id)
            queries[size] = counter.count - before
        for _ in range(5):
            await search(searched[10])
        timings: list[list[float]] = []
        for _ in range(rounds):
            timings.append([])
            for _ in range(requests):
                began = time.perf_counter()
                result = await search(searched[10])
                timings[-1].append((time.perf_counter() - began) * 1000)
    return Measured(timings, queries, len(result["slots"]))


async def _counts() -> dict[str, int]:
    tables: tuple[type[Table], ...] = (Booking, BookingClaim, BusyBlock, Session, Person)
    return {table._meta.tablename: await table.count() for table in tables}


def _row(label: str, timings: list[float]) -> str:
    p50 = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=100, method="inclusive")[94]
    return (
        f"| {label} | {len(timings)} | {p50:.1f} | {p95:.1f} | {max(timings):.1f} | ≤ 100 ms | "
        f"{'yes' if p95 <= 100 else '**no**'} |"
    )


def _report(engine: str, measured: Measured, counts: dict[str, int], seeding: float) -> str:
    rounds = measured.rounds_ms
    queries = measured.queries_by_size
    constant = len(set(queries.values())) == 1
    rows = ", ".join(f"{name} {count:,}" for name, count in counts.items())
    return "\n".join(
        [
            "`.venv/bin/python -m bench.slot_search_api` — `POST /api/v1/sessions/{id}/slot-search`"
            " through Litestar's AsyncTestClient (app, auth middleware, JSON, database).",
            f"Machine: {machine()}. Engine: {engine}.",
            "",
            f"Rows: {rows}; {ROOMS} rooms. 10,000 booked mediations (3-4 people and a room each,"
            f" fixed sittings over the next {HORIZON_DAYS} days), 0-3 busy blocks a weekday for",
            f"the people searched for; seeded in {seeding:.1f} s. The search: a 90 min mediation"
            " of 10 participants over the next 30 days, up to 20 slots, with rooms; 5 warm-up",
            f"requests, then {len(rounds)} rounds of {len(rounds[0])} timed ones, each finding"
            f" {measured.slots_found} slots (so the whole window is searched). The load on the"
            " machine varies from round to round: each round is reported.",
            "",
            "| Round | Requests | p50 (ms) | p95 (ms) | max (ms) | Target p95 | Met |",
            "|---|---:|---:|---:|---:|---:|---|",
            *(_row(str(number), timings) for number, timings in enumerate(rounds, 1)),
            _row("all", [t for timings in rounds for t in timings]),
            "",
            "SQL statements per request (authentication included): "
            + ", ".join(f"{size} participants: {count}" for size, count in queries.items())
            + (
                " — the same whatever the number of participants."
                if constant
                else " (two more load the 30-day look-ahead when the window holds no slot)."
            ),
        ]
    )


async def run(bookings: int, requests: int, rounds: int) -> str:
    now = datetime.now(UTC)
    engine = await reset_database()
    searched, seeding = await seed(bookings, now)
    counts = await _counts()
    counter = QueryCounter()
    counter.install()
    measured = await measure(searched, requests, rounds, now, counter)
    return _report(engine, measured, counts, seeding)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bookings", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    report = asyncio.run(run(args.bookings, args.requests, args.rounds))
    print(report)
    if not args.no_write:
        write_section(SECTION, merged_section(report))


def merged_section(report: str) -> str:
    """This engine's part of the section, keeping the part the other engine last wrote."""
    engine = "### SQLite" if is_sqlite() else "### PostgreSQL"
    parts = {"### SQLite": "", "### PostgreSQL": ""}
    current: str | None = None
    for line in (read_section(SECTION) or "").split("\n"):
        if line in parts:
            current = line
        elif current is not None:
            parts[current] += line + "\n"
    parts[engine] = report
    return "\n\n".join(
        f"{heading}\n\n{body.strip()}" for heading, body in parts.items() if body.strip()
    )


if __name__ == "__main__":
    main()
