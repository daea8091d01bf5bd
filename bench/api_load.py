"""The API under load, next to a bare Litestar + asyncpg endpoint on the same machine.

``.venv/bin/python -m bench.api_load [--workers 1 2] [--seconds 10] [--connections 32]`` from
the project root: a scratch SQLite database in a temporary directory, or, when DATABASE_URL is
set, that PostgreSQL database (wiped: its name must contain "test" or "bench"). The database is
seeded as for the API slot search (3,000 people, 45 rooms, 10,000 booked sessions), then
Concord is served by uvicorn with 1 and N workers and wrk (32 connections) drives, one after
another: ``/health``, ``GET /api/v1/sessions?limit=20``, a participant's calendar feed and a slot
search. On PostgreSQL ``bench.bare_app`` (no Concord code: the same four queries of the
session list on one pooled connection) runs alone just before Concord, so both see the same
machine. Then 64 bookings race for eight sittings (bench.api_load_booking) and the database is
checked: exactly the accepted bookings stored, no overlapping claims. Figures go to the
"API under load" section of docs/performance.md, one per engine.
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
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from uuid import UUID

from bench import api_load_booking
from bench.load_tool import Load, Server, post_json, wrk
from bench.report import machine, write_section
from bench.slot_search_api_seed import PASSWORD, SHANGHAI, local, reset_database, seed
from core.db import is_sqlite
from core.settings import get_settings
from hearing.tables import SessionParticipant
from parties.tables import Person

PORT, BARE_PORT = 8931, 8932


@dataclass(frozen=True)
class Targets:
    token: str
    feed_path: str
    searched_session: UUID
    search_body: dict[str, object]


async def _busiest_feed() -> str:
    rows = await SessionParticipant.raw(
        "SELECT person, count(*) AS sessions FROM session_participants "
        "GROUP BY person ORDER BY count(*) DESC LIMIT 1"
    )
    person = await Person.select(Person.calendar_feed_token).where(Person.id == rows[0]["person"])
    return f"/api/v1/calendars/{person[0]['calendar_feed_token']}.ics"


def _environment() -> dict[str, str]:
    settings = get_settings()
    environment = {"CONCORD_DATA_DIR": str(settings.data_dir), "CONCORD_ENV": "production"}
    if settings.database_url:
        environment["DATABASE_URL"] = settings.database_url
    return environment


def _run_loads(base: str, targets: Targets, connections: int, seconds: int) -> list[Load]:
    bearer = {"Authorization": f"Bearer {targets.token}"}
    return [
        wrk("/health", f"{base}/health", connections=connections, seconds=seconds),
        wrk(
            "GET /api/v1/sessions?limit=20",
            f"{base}/api/v1/sessions?limit=20",
            connections=connections,
            seconds=seconds,
            headers=bearer,
        ),
        wrk(
            "calendar feed (busiest person)",
            f"{base}{targets.feed_path}",
            connections=connections,
            seconds=seconds,
        ),
        wrk(
            "POST slot-search (10 people, 30 days)",
            f"{base}/api/v1/sessions/{targets.searched_session}/slot-search",
            connections=connections,
            seconds=seconds,
            headers=bearer,
            body=targets.search_body,
        ),
    ]


def _bare(connections: int, seconds: int, token: str) -> list[Load]:
    with Server("bench.bare_app:create_app", BARE_PORT, 1, _environment()) as bare:
        bearer = {"Authorization": f"Bearer {token}"}
        return [
            wrk("bare /health", f"{bare.url}/health", connections=connections, seconds=seconds),
            wrk(
                "bare GET /api/v1/sessions?limit=20",
                f"{bare.url}/api/v1/sessions?limit=20",
                connections=connections,
                seconds=seconds,
                headers=bearer,
            ),
        ]


def _login(base: str) -> str:
    status, body = post_json(
        f"{base}/api/v1/auth/token", {"email": "bench@bench.example.cn", "password": PASSWORD}
    )
    if status != 200:
        raise SystemExit(f"login failed: {status} {body}")
    return str(body["access_token"])


def _table(rows: list[tuple[str, Load]]) -> str:
    lines = [
        "| workers | load | requests/s | p50 (ms) | p99 (ms) | requests | not 2xx |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for workers, load in rows:
        lines.append(
            f"| {workers} | {load.label} | {load.requests_per_second:,.0f} | {load.p50_ms:.1f} |"
            f" {load.p99_ms:.1f} | {load.requests:,} | {load.not_2xx:,} |"
        )
    return "\n".join(lines)


def _verdict(rows: list[tuple[str, Load]]) -> str:
    by_label = {load.label: load for workers, load in rows if workers == "1"}
    bare = by_label.get("bare GET /api/v1/sessions?limit=20")
    ours = by_label["GET /api/v1/sessions?limit=20"]
    if bare is None:
        return "No bare baseline on SQLite (the target is set on PostgreSQL)."
    share = ours.requests_per_second / bare.requests_per_second
    p99 = ours.p99_ms / bare.p99_ms
    met = share >= 0.5 and p99 <= 2
    return (
        f"Session list at one worker: {share:.0%} of the bare endpoint's throughput (target "
        f"≥ 50%), p99 {p99:.1f}× the bare endpoint's (target ≤ 2×): "
        f"{'met' if met else 'not met'}."
    )


async def main(workers: list[int], seconds: int, connections: int) -> None:
    engine = await reset_database()
    now = datetime.now(UTC)
    searched, _ = await seed(10_000, now)
    race = await api_load_booking.prepare(now)
    start_day = now.astimezone(SHANGHAI).date() + timedelta(days=1)
    search_body: dict[str, object] = {
        "not_before": local(start_day, clock(0)).isoformat(),
        "not_after": local(start_day + timedelta(days=30), clock(0)).isoformat(),
        "limit": 20,
    }
    feed_path = await _busiest_feed()
    rows: list[tuple[str, Load]] = []
    race_result = None
    for count in workers:
        with Server("app:create_app", PORT, count, _environment()) as server:
            token = _login(server.url)
            if count == 1 and not is_sqlite():
                rows += [("1", load) for load in _bare(connections, seconds, token)]
            targets = Targets(token, feed_path, searched[10], search_body)
            rows += [
                (str(count), load) for load in _run_loads(server.url, targets, connections, seconds)
            ]
            if race_result is None:
                race_result = await api_load_booking.run(server.url, token, race, connections)
    assert race_result is not None
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


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.workers, arguments.seconds, arguments.connections))
