"""In-process slot search benchmark: ``.venv/bin/python -m bench.slot_search`` from the root.

Seeded random but realistic data: people mostly in Asia/Shanghai (a few in other zones, some
crossing the 2027 DST changes), office hours or their own, holidays, 0-3 busy blocks per person
per working day, 5-12 rooms with their own bookings. Each run builds fresh data (not timed) and
times one ``find_common_slots`` call, so per-search work such as merging busy blocks is counted.
The figures go to the "Slot search (in process)" section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

from scheduling.availability.free_time import Availability, WorkingHours, office_hours
from scheduling.intervals import Interval
from scheduling.slots.query import Attendee, Room, SlotQuery, SlotSearchResult
from scheduling.slots.search import find_common_slots

REPORT = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
SECTION = "## Slot search (in process)"

#: Window start: a Monday; 30 and 90 days from here cross the US and EU DST changes of 2027.
FIRST_DAY = date(2027, 3, 1)
NOW = datetime(2027, 2, 26, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
ZONES = (
    ("Asia/Shanghai", 85),
    ("Asia/Hong_Kong", 4),
    ("Asia/Urumqi", 4),
    ("Asia/Tokyo", 3),
    ("Europe/Berlin", 2),
    ("America/New_York", 2),
)
#: Office hours in these zones never meet Shanghai's: such people join as optional attendees.
FAR_ZONES = frozenset({"Europe/Berlin", "America/New_York"})
BUSY_BLOCKS_PER_DAY = (0, 1, 2, 3)
BUSY_BLOCK_WEIGHTS = (40, 30, 20, 10)
CHINESE_HOLIDAYS = (date(2027, 4, 5), *(date(2027, 5, day) for day in range(1, 6)))
ROOM_CAPACITIES = (6, 8, 10, 12, 16, 20, 30, 50)
BUSY_LENGTHS = (30, 45, 60, 90, 120)
#: Busy time is generated this far past the window: the nearest-slot look-ahead reads it.
LOOK_AHEAD_DAYS = 31


@dataclass(frozen=True)
class Scenario:
    name: str
    participants: int
    days: int
    with_rooms: bool
    duration_minutes: int
    target_p95_ms: float | None


SCENARIOS = (
    Scenario("10 participants + rooms, 30 days", 10, 30, True, 90, 5.0),
    Scenario("50 participants, 90 days", 50, 90, False, 60, 50.0),
    Scenario("50 participants + rooms, 90 days (extra)", 50, 90, True, 60, None),
)


def _days(days: int) -> list[date]:
    first = FIRST_DAY - timedelta(days=1)
    return [first + timedelta(days=offset) for offset in range(days + LOOK_AHEAD_DAYS + 2)]


def _busy(
    rng: random.Random,
    zone: str,
    days: Sequence[date],
    per_day: tuple[Sequence[int], Sequence[int]],
    lengths: Sequence[int],
) -> tuple[Interval, ...]:
    """Blocks starting between 08:00 and 17:00 local time on each weekday; ``per_day`` gives
    the possible counts and their weights."""
    tz = ZoneInfo(zone)
    blocks: list[Interval] = []
    for day in days:
        if day.weekday() >= 5:
            continue
        for _ in range(rng.choices(*per_day)[0]):
            quarter = rng.randrange(8 * 4, 17 * 4)
            start = datetime.combine(day, clock(quarter // 4, quarter % 4 * 15), tzinfo=tz)
            blocks.append(Interval(start, start + timedelta(minutes=rng.choice(lengths))))
    return tuple(blocks)


def _hours(rng: random.Random, zone: str) -> WorkingHours:
    holidays = CHINESE_HOLIDAYS if zone.startswith("Asia/S") else ()
    roll = rng.random()
    if roll < 0.80:
        return office_hours(zone, holidays)
    if roll < 0.92:
        long_day = ((clock(8, 30), clock(12, 0)), (clock(14, 0), clock(18, 0)))
        return WorkingHours(zone, dict.fromkeys(range(5), long_day))
    part_time = ((clock(9, 0), clock(17, 0)),)
    return WorkingHours(zone, dict.fromkeys((0, 2, 4), part_time))


def random_attendee(rng: random.Random, index: int, days: Sequence[date]) -> Attendee:
    zone = rng.choices([z for z, _ in ZONES], [w for _, w in ZONES])[0]
    busy = _busy(rng, zone, days, (BUSY_BLOCKS_PER_DAY, BUSY_BLOCK_WEIGHTS), BUSY_LENGTHS)
    availability = Availability(f"person-{index}", _hours(rng, zone), busy)
    return Attendee(availability, required=zone not in FAR_ZONES and rng.random() < 0.9)


def random_rooms(rng: random.Random, days: Sequence[date]) -> list[Room]:
    rooms = []
    for index in range(rng.randint(5, 12)):
        capacity = rng.choice(ROOM_CAPACITIES)
        availability = Availability(
            f"room-{index}",
            office_hours("Asia/Shanghai", CHINESE_HOLIDAYS),
            _busy(rng, "Asia/Shanghai", days, ((0, 1, 2, 3, 4), (1,) * 5), (60, 90, 120, 180)),
        )
        public_seats = rng.choice((0, 0, 20, 60))
        rooms.append(Room(availability, capacity, public_seats, frozenset({"recording"})))
    return rooms


def _search_once(scenario: Scenario, seed: int) -> tuple[float, SlotSearchResult]:
    rng = random.Random(seed)
    days = _days(scenario.days)
    attendees = [random_attendee(rng, index, days) for index in range(scenario.participants)]
    rooms = random_rooms(rng, days) if scenario.with_rooms else None
    start = datetime.combine(FIRST_DAY, clock(0), tzinfo=ZoneInfo("Asia/Shanghai"))
    query = SlotQuery(
        duration=timedelta(minutes=scenario.duration_minutes),
        not_before=start,
        not_after=start + timedelta(days=scenario.days),
        now=NOW,
        notice=timedelta(days=2),
        head_count=min(scenario.participants, 10),
    )
    began = time.perf_counter()
    result = find_common_slots(query, attendees, rooms)
    return (time.perf_counter() - began) * 1000, result


@dataclass(frozen=True)
class Timing:
    scenario: Scenario
    runs: int
    p50: float
    p95: float
    worst: float
    full_results: int
    nearest_only: int


def measure(scenario: Scenario, runs: int) -> Timing:
    timings: list[float] = []
    full = nearest = 0
    for seed in range(runs):
        elapsed, result = _search_once(scenario, seed)
        timings.append(elapsed)
        full += len(result.slots) == 20
        nearest += not result.slots
    return Timing(
        scenario,
        runs,
        statistics.median(timings),
        statistics.quantiles(timings, n=100, method="inclusive")[94],
        max(timings),
        full,
        nearest,
    )


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()} on "
        f"{platform.system()} {platform.release()}, measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
        f" (load average {os.getloadavg()[0]:.1f}: other jobs shared the machine)"
    )


def table(timings: Sequence[Timing]) -> str:
    lines = [
        "| Scenario | Runs | p50 (ms) | p95 (ms) | max (ms) | Target p95 | Met | "
        "20 slots found | Only nearest outside |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for t in timings:
        target = t.scenario.target_p95_ms
        met = "—" if target is None else ("yes" if t.p95 <= target else "**no**")
        lines.append(
            f"| {t.scenario.name} | {t.runs} | {t.p50:.2f} | {t.p95:.2f} | {t.worst:.2f} | "
            f"{'—' if target is None else f'≤ {target:g} ms'} | {met} | {t.full_results} | "
            f"{t.nearest_only} |"
        )
    return "\n".join(lines)


def read_section(heading: str, path: Path = REPORT) -> str | None:
    """The body under ``heading`` as last written, if any."""
    if not path.exists():
        return None
    lines = path.read_text(encoding="utf-8").split("\n")
    if heading not in lines:
        return None
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join(lines[start:end]).strip()


def write_section(heading: str, body: str, path: Path = REPORT) -> None:
    """Replace (or append) the section under ``heading``, leaving every other section alone.

    Read, modify and write back at once, through a temporary file, because other benchmarks
    write their own sections into the same file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    lines = text.rstrip("\n").split("\n")
    section = f"{heading}\n\n{body.strip()}".split("\n")
    if heading in lines:
        start = lines.index(heading)
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        lines[start:end] = [*section, ""] if end < len(lines) else section
    else:
        lines += ["", *section]
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
    os.replace(temporary, path)


def _report(timings: Sequence[Timing], runs: int) -> str:
    return "\n".join(
        [
            "`.venv/bin/python -m bench.slot_search` — `find_common_slots` alone, no database.",
            f"Machine: {machine()}. Engine: none (pure Python, in process).",
            "",
            f"Each of the {runs} runs per scenario builds fresh seeded data (untimed): people",
            "85% in Asia/Shanghai, the rest in Hong Kong, Urumqi and Tokyo, plus Berlin and New",
            "York as optional attendees (their office hours never meet Shanghai's; windows from",
            "1 March 2027 cross both DST changes); 80% office hours with the Qingming and May Day",
            "holidays, the rest longer days or part time; 0-3 busy blocks (weights 40/30/20/10%)",
            "of 30-120 min per person per weekday; 10% optional attendees; 5-12 rooms with 0-4",
            "bookings a day. 90 min (10 people) or 60 min (50 people) on the 15 min grid, 2 days'",
            "notice, up to 20 slots. Times are wall clock per call, including merging each",
            "person's busy blocks. With 50 people nearly no run has a common slot, so those runs",
            "scan the whole window and the 30-day look-ahead: the worst case.",
            "",
            table(timings),
        ]
    )


def main(argv: Sequence[str] | None = None, out: Callable[[str], None] = print) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    timings = [measure(scenario, args.runs) for scenario in SCENARIOS]
    report = _report(timings, args.runs)
    out(report)
    if not args.no_write:
        write_section(SECTION, report)


if __name__ == "__main__":
    main()
