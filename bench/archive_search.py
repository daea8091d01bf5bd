"""The archive search at a province's scale, next to a bare SELECT in the same run.

``.venv/bin/python -m bench.archive_search [--minutes 20000] [--runs 40]`` from the project
root: a scratch SQLite database in a temporary directory, or, when DATABASE_URL is set, that
PostgreSQL database (wiped: its name must contain "test" or "bench"). N sealed minutes are
inserted directly (a case, a session, the minutes, their sealed version with a record of about
3 KB, and their catalogue row as sealing writes it; not sealed one by one, which renders and
seals a PDF each). Then each search runs ``--runs`` times through
``search_sealed_minutes`` (the service the API and the page call), and a bare
``SELECT ... LIMIT 50`` on the catalogue runs as often. "Before" is the search as it was: every
sealed record read and parsed, then filtered in Python (fewer runs: it is slow). Figures go to
the "Archive search" section of docs/performance.md, one per engine.
"""

from __future__ import annotations

import os
import tempfile

# Settings are read once, at first import of the project: point them at scratch space first.
os.environ.setdefault("CONCORD_DATA_DIR", tempfile.mkdtemp(prefix="concord-archive-"))

import argparse
import asyncio
import json
import random
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

from bench.report import machine, percentile, write_section
from bench.slot_search_api_seed import insert_all, reset_database
from core.access import Role, Viewer
from core.db import database, is_sqlite
from hearing.tables import Case, Session
from minutes.archive import service as archive
from minutes.archive.catalogue_store import catalogue_row
from minutes.archive.service import ArchiveQuery
from minutes.store import MinutesRow
from minutes.tables import ArchiveEntry, Minutes, MinutesVersion
from minutes.vocabulary import MinutesStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")
ARCHIVIST = Viewer(uuid4(), "archivist@bench.example", Role.ARCHIVIST, None)
TOPICS = ("征地补偿", "拖欠工资", "房屋拆迁", "医疗纠纷", "物业服务", "环境污染", "劳动合同")
KINDS = ("调解", "听证", "复查")
FIRST_DAY = date(2024, 1, 1)
DAYS = 3 * 365
BARE = "SELECT * FROM minutes_archive_catalogue ORDER BY sealed_at DESC, minutes LIMIT 50"


def _record(reference: str, case_title: str, session_title: str, start: datetime) -> str:
    padding = [{"speaker": f"参与人{i}", "text": "陈述意见。" * 40} for i in range(4)]
    return json.dumps(
        {
            "format": "concord-minutes-record/1",
            "case_reference": reference,
            "case_title": case_title,
            "session_title": session_title,
            "session_kind": "mediation",
            "start": start.isoformat(),
            "timezone": "Asia/Shanghai",
            "steps": padding,
        },
        ensure_ascii=False,
    )


async def seed(count: int) -> float:
    began = time.perf_counter()
    rng = random.Random(20261202)
    now = datetime.now(UTC)
    cases, sessions, minutes, versions, entries = [], [], [], [], []
    for n in range(count):
        topic = rng.choice(TOPICS)
        reference, case_title = f"XF-{n:06d}", f"{topic}案{n}"
        session_title = f"{topic}{rng.choice(KINDS)}"
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        start = datetime(day.year, day.month, day.day, 9 + rng.randrange(8), tzinfo=SHANGHAI)
        case = Case(reference=reference, title=case_title, registered_on=day, created_at=now)
        session = Session(
            kind="mediation",
            case=case.id,
            title=session_title,
            duration_minutes=60,
            created_at=now,
            start_at=start,
            end_at=start + timedelta(hours=1),
        )
        sealed_at = start + timedelta(hours=2 + rng.randrange(48))
        row = MinutesRow(
            id=uuid4(),
            session_id=session.id,
            status=MinutesStatus.SEALED,
            version=1,
            sealed_sha256=f"{n:064x}",
            sealed_at=sealed_at,
            created_at=start,
            document_number=f"X调〔{day.year}〕{n:05d}号",
        )
        record = _record(reference, case_title, session_title, start)
        cases.append(case)
        sessions.append(session)
        minutes.append(
            Minutes(
                id=row.id,
                session=session.id,
                status=MinutesStatus.SEALED.value,
                version=1,
                sealed_sha256=row.sealed_sha256,
                sealed_at=sealed_at,
                created_at=start,
                document_number=row.document_number,
            )
        )
        versions.append(
            MinutesVersion(
                minutes=row.id, version=1, sha256=f"{n:064x}", record=record, created_at=start
            )
        )
        entries.append(catalogue_row(row, json.loads(record), sealed_at, f"{n:064x}"))
    async with database().transaction():
        for table, rows in (
            (Case, cases),
            (Session, sessions),
            (Minutes, minutes),
            (MinutesVersion, versions),
            (ArchiveEntry, entries),
        ):
            await insert_all(table, rows)
    if not is_sqlite():
        await database().run_ddl("ANALYZE")
    return time.perf_counter() - began


def _held(entry: dict[str, Any]) -> date:
    return datetime.fromisoformat(entry["start"]).astimezone(ZoneInfo(entry["timezone"])).date()


async def search_as_before(query: ArchiveQuery) -> int:
    """The search before the catalogue: every sealed record read, parsed and filtered."""
    rows = await Minutes.raw(
        "SELECT minutes.id, minutes_versions.record FROM minutes JOIN minutes_versions "
        "ON minutes_versions.minutes = minutes.id AND minutes_versions.version = minutes.version "
        "WHERE minutes.status = 'sealed' ORDER BY minutes.sealed_at DESC, minutes.id"
    )
    part = (query.case or "").casefold()
    found = 0
    for row in rows:
        record = row["record"]
        entry = json.loads(record) if isinstance(record, str) else record
        texts = (entry["case_reference"].casefold(), entry["case_title"].casefold())
        if part and not any(part in text for text in texts):
            continue
        if query.held_from and not query.held_from <= _held(entry) <= (query.held_to or date.max):
            continue
        found += 1
    return found


def _searches() -> list[tuple[str, ArchiveQuery, int]]:
    week = FIRST_DAY + timedelta(days=400)
    return [
        ("latest sealed, first page", ArchiveQuery(), 0),
        ("latest sealed, page at offset 10,000", ArchiveQuery(), 10_000),
        ("case title part (征地, 1 in 7)", ArchiveQuery(case="征地"), 0),
        ("case reference part (xf-0123)", ArchiveQuery(case="xf-0123"), 0),
        ("document number part (00042号)", ArchiveQuery(document_number="00042号"), 0),
        ("one week held", ArchiveQuery(held_from=week, held_to=week + timedelta(days=6)), 0),
        (
            "case + session title + a month held",
            ArchiveQuery(
                case="工资", session_title="调解", held_from=week, held_to=week + timedelta(days=30)
            ),
            0,
        ),
    ]


def _searching(query: ArchiveQuery, offset: int) -> Callable[[], Awaitable[object]]:
    async def search() -> object:
        return await archive.search_sealed_minutes(ARCHIVIST, query, 50, offset)

    return search


async def _timed(action: Callable[[], Awaitable[object]], runs: int) -> list[float]:
    await action()  # warm: statements prepared, pages cached
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        await action()
        samples.append(time.perf_counter() - began)
    return samples


def _row(name: str, samples: list[float], found: object) -> str:
    p50, p95 = percentile(samples, 0.5) * 1000, percentile(samples, 0.95) * 1000
    return f"| {name} | {found} | {len(samples)} | {p50:.1f} | {p95:.1f} |"


async def run(count: int, runs: int) -> str:
    engine = await reset_database()
    seeding = await seed(count)
    lines = [
        f"## Archive search ({'SQLite' if is_sqlite() else 'PostgreSQL'})",
        "",
        f"{machine()} {engine}. {count:,} sealed minutes inserted directly in {seeding:.1f} s; "
        f"each search warmed once, then timed {runs} times through `search_sealed_minutes` "
        "(a page of 50 and the total).",
        "",
        "| search | total found | runs | p50 (ms) | p95 (ms) |",
        "|---|---:|---:|---:|---:|",
    ]
    bare = await _timed(lambda: ArchiveEntry.raw(BARE), runs)
    lines.append(_row("bare `SELECT * ... ORDER BY sealed_at DESC LIMIT 50` (baseline)", bare, 50))
    for name, query, offset in _searches():
        total = (await archive.search_sealed_minutes(ARCHIVIST, query, 50, offset))[1]
        samples = await _timed(_searching(query, offset), runs)
        lines.append(_row(name, samples, f"{total:,}"))
    before_query = ArchiveQuery(case="征地")
    before_found = await search_as_before(before_query)

    async def as_before() -> int:
        return await search_as_before(before_query)

    before = await _timed(as_before, max(3, runs // 10))
    lines.append(_row("before: case title part, every record parsed", before, f"{before_found:,}"))
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    section = asyncio.run(run(args.minutes, args.runs))
    print(section)
    write_section(section.splitlines()[0], section)


if __name__ == "__main__":
    main()
