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
import gc
import logging
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from typing import Any
from uuid import UUID

from litestar.testing import AsyncTestClient
from piccolo.table import Table

from app import create_app
from bench.slot_search import machine, read_section, write_section
from bench.slot_search_api_seed import (
    HORIZON_DAYS,
    PASSWORD,
    ROOMS,
    SHANGHAI,
    local,
    reset_database,
    seed,
)
from core.db import database, is_sqlite
from hearing.tables import Session
from parties.tables import Person
from scheduling.tables import Booking, BookingClaim, BusyBlock

SECTION = "## Slot search through the API"


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


class FullCollections:
    """Times every full (generation 2) garbage collection while installed."""

    def __init__(self) -> None:
        self.pauses_ms: list[float] = []
        self._began = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.pauses_ms.append((time.perf_counter() - self._began) * 1000)

    def __enter__(self) -> FullCollections:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self)


@dataclass(frozen=True)
class Measured:
    rounds_ms: list[list[float]]
    queries_by_size: dict[int, int]
    slots_found: int
    #: The same requests with the start-up heap left in the collector's reach (gc.unfreeze()).
    unfrozen_ms: list[float]
    full_collections_ms: dict[str, list[float]]


async def measure(
    searched: dict[int, UUID], requests: int, rounds: int, now: datetime, counter: QueryCounter
) -> Measured:
    start_day = now.astimezone(SHANGHAI).date() + timedelta(days=1)
    body = {
        "not_before": local(start_day, clock(0)).isoformat(),
        "not_after": local(start_day + timedelta(days=30), clock(0)).isoformat(),
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

        async def timed() -> float:
            began = time.perf_counter()
            await search(searched[10])
            return (time.perf_counter() - began) * 1000

        timings: list[list[float]] = []
        with FullCollections() as frozen:
            for _ in range(rounds):
                timings.append([await timed() for _ in range(requests)])
        gc.unfreeze()
        with FullCollections() as unfrozen:
            unfrozen_timings = [await timed() for _ in range(requests)]
        result = await search(searched[10])
    pauses = {"frozen": frozen.pauses_ms, "not frozen": unfrozen.pauses_ms}
    return Measured(timings, queries, len(result["slots"]), unfrozen_timings, pauses)


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
            _row("start-up heap not frozen", measured.unfrozen_ms),
            "",
            "Full garbage collections during the timed requests (the app freezes its start-up "
            "heap, `core/web/gc_pauses.py`; the last row's requests ran after `gc.unfreeze()`): "
            + "; ".join(
                f"{mode}: {len(pauses)}, longest {max(pauses, default=0):.1f} ms"
                for mode, pauses in measured.full_collections_ms.items()
            )
            + ".",
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
