"""The API under load, next to a bare Litestar + asyncpg endpoint on the same machine.

``.venv/bin/python -m bench.api_load [--workers 1 2] [--seconds 10] [--connections 32]`` from
the project root: a scratch SQLite database in a temporary directory, or, when DATABASE_URL is
set, that PostgreSQL database (wiped: its name must contain "test" or "bench"). The database is
seeded as for the API slot search (3,000 people, 45 rooms, 10,000 booked sessions) plus a pool
of sessions to book for each run (``bench.booking_pool``), then Concord is served by uvicorn
with 1 and N workers and wrk (32 connections) drives, one after another: ``/health``,
``GET /api/v1/sessions?limit=20``, a participant's calendar feed, a slot search and bookings
(each request books another session of the pool into its own sitting). On PostgreSQL
``bench.bare_app`` is served next to Concord at one worker, and each load runs on it just
before it runs on Concord, so that both see the same machine: bare Litestar + asyncpg sending
the statements Concord sent for the same requests (recorded by ``bench.bare_script``) and
running the same pure computation. Then 64 bookings race for eight sittings
(bench.api_load_booking), and the database is checked: every booking answered 2xx stored, no
overlapping claims. Figures go to the "API under load" section of docs/performance.md, one per
engine.
"""

from __future__ import annotations

import os
import secrets
import tempfile

# Settings are read once, at first import of the project: point them at scratch space first.
os.environ.setdefault("CONCORD_DATA_DIR", tempfile.mkdtemp(prefix="concord-load-"))
os.environ.setdefault("CONCORD_SECRET_KEY", secrets.token_hex(32))

import argparse
import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from functools import partial
from pathlib import Path
from uuid import UUID

from bench import api_load_booking
from bench.bare_script import record_script
from bench.booking_pool import PoolBooking, PoolCheck, book_under_load, check_pool, prepare_pool
from bench.load_tool import Load, Server, post_json, wrk
from bench.report import machine, write_section
from bench.slot_search_api_seed import PASSWORD, SHANGHAI, local, reset_database, seed
from core.db import database, is_sqlite
from core.settings import get_settings
from hearing.tables import SessionParticipant
from hearing.vocabulary import SessionStatus
from parties.tables import Person

PORT, BARE_PORT = 8931, 8932
#: Sessions to book per run: more than a run books in its seconds (a pool run dry repeats
#: its first sessions, whose answers are then 409 and counted as not 2xx).
POOL_SIZE = {"bare": 6000, "concord": 3000}
LABELS = {
    "list": "GET /api/v1/sessions?limit=20",
    "feed": "calendar feed (busiest person)",
    "search": "POST slot-search (10 people, 30 days)",
    "book": "POST booking (each a new session)",
}


@dataclass(frozen=True)
class Targets:
    token: str
    feed_token: str
    searched_session: UUID
    search_body: dict[str, object]
    pool: list[PoolBooking]

    @property
    def feed_path(self) -> str:
        return f"/api/v1/calendars/{self.feed_token}.ics"


async def _busiest_feed_token() -> str:
    """The feed of whoever has the most scheduled sessions (what a feed's events are)."""
    rows = await SessionParticipant.raw(
        "SELECT p.person, count(*) AS sessions FROM session_participants p "
        "JOIN sessions s ON s.id = p.session WHERE s.status = {} "
        "GROUP BY p.person ORDER BY count(*) DESC LIMIT 1",
        SessionStatus.SCHEDULED.value,
    )
    person = await Person.select(Person.calendar_feed_token).where(Person.id == rows[0]["person"])
    return str(person[0]["calendar_feed_token"])


async def _settle() -> None:
    """After the bulk seeding: fresh planner statistics and the dirty pages written now, rather
    than autovacuum and a checkpoint landing in whichever load runs first; on SQLite the same:
    statistics, and the seeding's write-ahead log folded into the database file."""
    if is_sqlite():
        await database().run_ddl("ANALYZE")
        await database().run_ddl("PRAGMA wal_checkpoint(TRUNCATE)")
        return
    await database().run_ddl("VACUUM ANALYZE")
    await database().run_ddl("CHECKPOINT")


def _environment(**extra: str) -> dict[str, str]:
    settings = get_settings()
    # Background jobs run in `concord worker` processes on PostgreSQL (README); here nobody
    # runs them, so that the figures are the API's alone.
    environment = {
        "CONCORD_DATA_DIR": str(settings.data_dir),
        "CONCORD_ENV": "production",
        "CONCORD_JOBS_IN_PROCESS": "false",
    }
    if settings.database_url:
        environment["DATABASE_URL"] = settings.database_url
    return environment | extra


def _loads(
    prefix: str,
    base: str,
    targets: Targets,
    connections: int,
    seconds: int,
    accepted: set[UUID],
) -> list[Callable[[], Load]]:
    """The five loads against ``base``, to run in order; the booking load adds the sessions
    whose booking was answered 2xx to ``accepted``."""
    bearer = {"Authorization": f"Bearer {targets.token}"}

    def book() -> Load:
        booked, answered = book_under_load(
            prefix + LABELS["book"], base, targets.pool, targets.token, connections, seconds
        )
        accepted.update(answered)
        return booked

    return [
        lambda: wrk(f"{prefix}/health", f"{base}/health", connections=connections, seconds=seconds),
        lambda: wrk(
            prefix + LABELS["list"],
            f"{base}/api/v1/sessions?limit=20",
            connections=connections,
            seconds=seconds,
            headers=bearer,
        ),
        lambda: wrk(
            prefix + LABELS["feed"],
            f"{base}{targets.feed_path}",
            connections=connections,
            seconds=seconds,
        ),
        lambda: wrk(
            prefix + LABELS["search"],
            f"{base}/api/v1/sessions/{targets.searched_session}/slot-search",
            connections=connections,
            seconds=seconds,
            headers=bearer,
            body=targets.search_body,
        ),
        book,
    ]


def _side_by_side(
    bare: Sequence[Callable[[], Load]], ours: Sequence[Callable[[], Load]]
) -> list[tuple[str, Load]]:
    """Each load on the bare endpoint, then at once on Concord's: the machine's speed drifts
    over minutes (other tenants), so a pair compares like with like."""
    rows: list[tuple[str, Load]] = []
    for bare_load, our_load in zip(bare, ours, strict=True):
        rows += [("1", bare_load()), ("1", our_load())]
    return rows


def _login(base: str) -> str:
    status, body = post_json(
        f"{base}/api/v1/auth/token", {"email": "bench@bench.example.cn", "password": PASSWORD}
    )
    if status != 200:
        raise SystemExit(f"login failed: {status} {body}")
    return str(body["access_token"])


def _table(rows: list[tuple[str, Load]]) -> str:
    lines = [
        "| workers | load | requests/s | p50 (ms) | p99 (ms) | requests | not 2xx "
        "| server CPU (cores) | requests per CPU-s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for workers, load in rows:
        lines.append(
            f"| {workers} | {load.label} | {load.requests_per_second:,.0f} | {load.p50_ms:.1f} |"
            f" {load.p99_ms:.1f} | {load.requests:,} | {load.not_2xx:,} |"
            f" {_cores(load)} | {_per_cpu_second(load)} |"
        )
    return "\n".join(lines)


def _cores(load: Load) -> str:
    if load.server_cpu_seconds is None or not load.seconds:
        return "-"
    return f"{load.server_cpu_seconds / load.seconds:.2f}"


def _per_cpu_second(load: Load) -> str:
    if not load.server_cpu_seconds:
        return "-"
    return f"{load.requests / load.server_cpu_seconds:,.0f}"


def _scaling(rows: list[tuple[str, Load]]) -> str:
    """What more workers add: throughput, the CPU they got, and what each CPU-second served."""
    ours = {(workers, load.label): load for workers, load in rows if "bare" not in load.label}
    counts = sorted({int(workers) for workers, _ in ours})
    if len(counts) < 2:
        return ""
    lines = [
        f"From 1 to {counts[-1]} workers (throughput; CPU the workers got; requests per "
        "CPU-second):"
    ]
    for label in ["/health", *LABELS.values()]:
        one, more = ours.get(("1", label)), ours.get((str(counts[-1]), label))
        if one is None or more is None or not one.server_cpu_seconds:
            continue
        assert more.server_cpu_seconds and one.seconds and more.seconds
        cpu = (more.server_cpu_seconds / more.seconds) / (one.server_cpu_seconds / one.seconds)
        efficiency = (more.requests / more.server_cpu_seconds) / (
            one.requests / one.server_cpu_seconds
        )
        lines.append(
            f"- {label}: {more.requests_per_second / one.requests_per_second:.2f}×; "
            f"{cpu:.2f}×; {efficiency:.2f}×."
        )
    return "\n".join(lines)


def _verdict(rows: list[tuple[str, Load]]) -> str:
    by_label = {load.label: load for workers, load in rows if workers == "1"}
    if "bare " + LABELS["list"] not in by_label:
        return "No bare baseline on SQLite (the target is set on PostgreSQL)."
    lines = ["At one worker, against the bare endpoint (target ≥ 50% of its throughput, p99 ≤ 2×):"]
    for label in LABELS.values():
        bare, ours = by_label["bare " + label], by_label[label]
        share = ours.requests_per_second / bare.requests_per_second
        p99 = ours.p99_ms / bare.p99_ms
        met = share >= 0.5 and p99 <= 2
        lines.append(
            f"- {label}: {share:.0%} of its throughput, p99 {p99:.1f}× its p99: "
            f"{'met' if met else 'not met'}."
        )
    return "\n".join(lines)


def _pool_line(label: str, check: PoolCheck) -> str:
    return (
        f"Bookings under load ({label}): {check.accepted:,} answered 2xx, {check.stored:,} "
        f"stored as scheduled, answered but not stored: {check.accepted_not_stored}; "
        f"overlapping active claims: {check.overlapping_claims}."
    )


async def main(workers: list[int], seconds: int, connections: int) -> None:
    engine = await reset_database()
    now = datetime.now(UTC)
    searched, _ = await seed(10_000, now)
    feed_token = await _busiest_feed_token()
    race = await api_load_booking.prepare(now)
    start_day = now.astimezone(SHANGHAI).date() + timedelta(days=1)
    pools_from = now.astimezone(SHANGHAI).date() + timedelta(days=130)
    pools = {
        count: await prepare_pool(f"w{count}", POOL_SIZE["concord"], now, pools_from)
        for count in workers
    }
    bare_pool = await prepare_pool("bare", POOL_SIZE["bare"] + 1, now, pools_from)
    await _settle()
    not_before = local(start_day, clock(0))
    not_after = local(start_day + timedelta(days=30), clock(0))
    search_body: dict[str, object] = {
        "not_before": not_before.isoformat(),
        "not_after": not_after.isoformat(),
        "limit": 20,
    }
    script_file = get_settings().data_dir / "bare_script.pickle"
    if not is_sqlite():
        script = await record_script(
            searched[10], not_before, not_after, feed_token, bare_pool[0], bare_pool[1:], now
        )
        script.save(script_file)
    rows: list[tuple[str, Load]] = []
    checks: list[tuple[str, set[UUID], list[PoolBooking]]] = []
    race_result = None
    for count in workers:
        with Server("app:create_app", PORT, count, _environment()) as server:
            token = _login(server.url)
            targets = Targets(token, feed_token, searched[10], search_body, pools[count])
            accepted: set[UUID] = set()
            ours = [
                partial(server.measured, load)
                for load in _loads("", server.url, targets, connections, seconds, accepted)
            ]
            if count == 1 and not is_sqlite():
                bare_accepted: set[UUID] = set()
                environment = _environment(BARE_SCRIPT=str(script_file))
                with Server("bench.bare_app:create_app", BARE_PORT, 1, environment) as bare:
                    bare_targets = replace(targets, pool=bare_pool[1:])
                    bare_loads = [
                        partial(bare.measured, load)
                        for load in _loads(
                            "bare ", bare.url, bare_targets, connections, seconds, bare_accepted
                        )
                    ]
                    rows += _side_by_side(bare_loads, ours)
                checks.append(("bare, 1 worker", bare_accepted, bare_pool[1:]))
            else:
                rows += [(str(count), load()) for load in ours]
            checks.append(
                (f"Concord, {count} worker{'s' if count > 1 else ''}", accepted, pools[count])
            )
            if race_result is None:
                race_result = await api_load_booking.run(server.url, token, race, connections)
    assert race_result is not None
    pool_checks = [(label, await check_pool(pool, accepted)) for label, accepted, pool in checks]
    heading = f"## API under load ({'SQLite' if is_sqlite() else 'PostgreSQL'})"
    text = "\n".join(
        [
            heading,
            "",
            "Produced by `.venv/bin/python -m bench.api_load` (what is measured: its docstring).",
            "",
            f"{machine()} {engine}; wrk with {connections} connections, {seconds} s each.",
            "",
            _table(rows),
            "",
            _verdict(rows),
            "",
            _scaling(rows),
            "",
            *[_pool_line(label, check) for label, check in pool_checks],
            "",
            f"Booking race ({api_load_booking.SESSIONS} bookings for "
            f"{len(race.starts)} sittings, {connections} clients): {race_result.accepted} "
            f"accepted, {race_result.refused_409} refused with 409, other answers "
            f"{race_result.other or 'none'}, in {race_result.seconds:.2f} s; stored afterwards: "
            f"{race_result.stored} scheduled; overlapping active claims in the database: "
            f"{race_result.overlapping_claims}."
            + (f" First other answer: {race_result.first_surprise}" if race_result.other else ""),
        ]
    )
    print(text)
    write_section(heading, text, Path("docs/performance.md"))
    wrong = race_result.accepted != race_result.stored or race_result.overlapping_claims
    if wrong or race_result.other:
        raise SystemExit("the booking race left the database wrong")
    if any(check.wrong(connections) for _, check in pool_checks):
        raise SystemExit("the bookings under load left the database wrong")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.workers, arguments.seconds, arguments.connections))
