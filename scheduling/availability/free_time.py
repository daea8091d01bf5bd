"""Working hours in a person's or room's own time zone, and the free time they leave.

Local times are turned into instants date by date in the owner's zone (never by adding 24 h).
Daylight-saving changes are resolved so that every local time maps to exactly one instant:

* a local time that does not exist (the spring-forward gap) becomes the first instant after
  the gap, so 02:30 on 28 March 2027 in Berlin means 03:00 CEST;
* an ambiguous local time (the repeated hour when clocks fall back) means its first
  occurrence (``fold=0``), so 02:30 on 31 October 2027 in Berlin means 02:30 CEST.

Equivalently: an instant is working time when the latest wall-clock reading reached so far
lies inside a working range of that reading's date. The test oracle checks exactly that.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property, lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

from core.errors import RuleViolation
from core.timezones import zone_for
from scheduling.intervals import (
    Interval,
    Span,
    from_us,
    merge_spans,
    subtract_spans,
    to_us,
)

TimeRange = tuple[time, time]
"""Local wall-clock ``[start, end)`` within one day; ``start < end``."""

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_MORNING: TimeRange = (time(9, 0), time(12, 0))
_AFTERNOON: TimeRange = (time(13, 30), time(17, 30))
OFFICE_HOURS_WEEKLY: Mapping[int, tuple[TimeRange, ...]] = MappingProxyType(
    {weekday: (_MORNING, _AFTERNOON) for weekday in range(5)}
)
"""The jurisdiction default: Monday to Friday 09:00-12:00 and 13:30-17:30."""

_HH_MM = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


def _checked_ranges(ranges: Iterable[TimeRange], where: str) -> tuple[TimeRange, ...]:
    """Sorted ranges, each with start < end and none overlapping another."""
    indexed = sorted(enumerate(tuple(ranges)), key=lambda item: item[1])
    previous_end: time | None = None
    for index, (start, end) in indexed:
        if start.tzinfo is not None or end.tzinfo is not None or start >= end:
            raise RuleViolation(
                f"{where}[{index}]: a range must start before it ends, in local wall-clock time.",
                code="invalid_time_range",
                field=f"{where}[{index}]",
            )
        if previous_end is not None and start < previous_end:
            raise RuleViolation(
                f"{where}[{index}] overlaps another range of the same day.",
                code="overlapping_time_ranges",
                field=f"{where}[{index}]",
            )
        previous_end = end
    return tuple(pair for _, pair in indexed)


@dataclass(frozen=True)
class WorkingHours:
    """Weekly opening hours in ``timezone``; ``exceptions`` replace single dates."""

    timezone: str
    weekly: Mapping[int, tuple[TimeRange, ...]]
    exceptions: Mapping[date, tuple[TimeRange, ...]] = field(default_factory=dict)
    fingerprint: tuple[object, ...] = field(init=False, repr=False, compare=False)
    """Hashable summary of the hours, so equal hours are expanded once per search."""

    def __post_init__(self) -> None:
        zone_for(self.timezone)
        weekly: dict[int, tuple[TimeRange, ...]] = {}
        for weekday, ranges in self.weekly.items():
            if weekday not in range(7):
                raise RuleViolation(
                    f"Weekday {weekday!r} is not 0 (Monday) to 6 (Sunday).",
                    code="invalid_weekday",
                    field=f"weekly.{weekday}",
                )
            weekly[weekday] = _checked_ranges(ranges, f"weekly.{WEEKDAY_NAMES[weekday]}")
        exceptions = {
            day: _checked_ranges(ranges, f"exceptions.{day.isoformat()}")
            for day, ranges in self.exceptions.items()
        }
        object.__setattr__(self, "weekly", MappingProxyType(weekly))
        object.__setattr__(self, "exceptions", MappingProxyType(exceptions))
        fingerprint = (
            self.timezone,
            tuple(sorted(weekly.items())),
            tuple(sorted(exceptions.items())),
        )
        object.__setattr__(self, "fingerprint", fingerprint)

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def ranges_on(self, day: date) -> tuple[TimeRange, ...]:
        """The local working ranges of ``day``: its exception if any, else its weekday's."""
        if day in self.exceptions:
            return self.exceptions[day]
        return self.weekly.get(day.weekday(), ())


def office_hours(timezone: str, holidays: Iterable[date] = ()) -> WorkingHours:
    """The jurisdiction's default hours in ``timezone``, closed on ``holidays``."""
    return WorkingHours(timezone, OFFICE_HOURS_WEEKLY, {day: () for day in holidays})


def _parse_clock(text: object, where: str) -> time:
    if not isinstance(text, str) or not _HH_MM.fullmatch(text):
        raise RuleViolation(
            f"{where}: expected a time as 'HH:MM' (00:00 to 23:59), got {text!r}.",
            code="invalid_time",
            field=where,
        )
    return time(int(text[:2]), int(text[3:]))


def parse_ranges(ranges: Sequence[Sequence[str]], where: str) -> tuple[TimeRange, ...]:
    """``[["09:00", "12:00"], ...]`` as sorted TimeRanges; errors name ``where[index]``."""
    parsed: list[TimeRange] = []
    for index, pair in enumerate(ranges):
        item = f"{where}[{index}]"
        if isinstance(pair, str) or len(pair) != 2:
            raise RuleViolation(
                f"{item}: expected a pair [start, end] such as ['09:00', '12:00'].",
                code="invalid_time_range",
                field=item,
            )
        parsed.append((_parse_clock(pair[0], item), _parse_clock(pair[1], item)))
    return _checked_ranges(parsed, where)


def parse_weekly(weekly: Mapping[str, Sequence[Sequence[str]]]) -> dict[int, tuple[TimeRange, ...]]:
    """``{"mon": [["09:00", "12:00"], ["13:30", "17:30"]], ...}`` keyed 0 (Monday) to 6."""
    parsed: dict[int, tuple[TimeRange, ...]] = {}
    for key, ranges in weekly.items():
        name = key.strip().lower() if isinstance(key, str) else key
        if name not in WEEKDAY_NAMES:
            raise RuleViolation(
                f"Unknown weekday {key!r}; use one of {', '.join(WEEKDAY_NAMES)}.",
                code="invalid_weekday",
                field=f"weekly.{key}",
            )
        weekday = WEEKDAY_NAMES.index(name)
        if weekday in parsed:
            raise RuleViolation(
                f"Weekday {name!r} is given twice.",
                code="duplicate_weekday",
                field=f"weekly.{key}",
            )
        parsed[weekday] = parse_ranges(ranges, f"weekly.{name}")
    return parsed


def _offset_at(zone: ZoneInfo, us: int) -> timedelta | None:
    return from_us(us).astimezone(zone).utcoffset()


def _end_of_gap_us(zone: ZoneInfo, wall: datetime, after_gap_us: int) -> int:
    """The transition instant of the spring-forward gap that swallows ``wall``.

    ``fold=1`` reads a gap time with the new offset (an instant before the transition),
    ``fold=0`` with the old one (after it); bisect between the two for the first instant
    that already has the new offset.
    """
    new_offset = _offset_at(zone, after_gap_us)
    before = to_us(wall.replace(tzinfo=zone, fold=1))
    after = after_gap_us
    while after - before > 1:
        middle = (before + after) // 2
        if _offset_at(zone, middle) == new_offset:
            after = middle
        else:
            before = middle
    return after


@lru_cache(maxsize=1 << 16)
def local_instant_us(timezone: str, day: date, at: time) -> int:
    """The instant (µs since epoch) of local ``day`` ``at`` in ``timezone``; see module doc."""
    zone = zone_for(timezone)
    wall = datetime.combine(day, at)
    instant = wall.replace(tzinfo=zone).astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == wall:
        return to_us(instant)
    return _end_of_gap_us(zone, wall, to_us(instant))


def local_date(timezone: str, us: int) -> date:
    return from_us(us).astimezone(zone_for(timezone)).date()


def open_spans(
    hours: WorkingHours, start_us: int, end_us: int, closed_days: frozenset[date] = frozenset()
) -> list[Span]:
    """Working time inside ``[start_us, end_us)`` as sorted, coalesced spans."""
    timezone, weekly, exceptions = hours.timezone, hours.weekly, hours.exceptions
    # One local day of margin on each side: a range belongs to its local date, and a
    # repeated hour around midnight can put that date on either side of the UTC window.
    first = local_date(timezone, start_us).toordinal() - 1
    last = local_date(timezone, end_us).toordinal() + 1
    spans: list[Span] = []
    for ordinal in range(first, last + 1):
        day = date.fromordinal(ordinal)
        if day in closed_days:
            continue
        ranges = exceptions.get(day) if exceptions else None
        if ranges is None:
            ranges = weekly.get(day.weekday(), ())
        for opens, closes in ranges:
            start = local_instant_us(timezone, day, opens)
            end = local_instant_us(timezone, day, closes)
            if end > start_us and start < end_us:
                spans.append((max(start, start_us), min(end, end_us)))
    return merge_spans(spans)


def open_intervals(hours: WorkingHours, window: Interval) -> list[Interval]:
    """The working time inside ``window`` as UTC intervals, built day by day in local time."""
    start_us, end_us = window.span
    return [Interval.from_span(span) for span in open_spans(hours, start_us, end_us)]


def _span_end(span: Span) -> int:
    return span[1]


@dataclass(frozen=True)
class Availability:
    """One person or room: working hours, busy blocks, sessions already booked per local date."""

    id: str
    hours: WorkingHours
    busy: tuple[Interval, ...] = ()
    session_days: Mapping[date, int] = field(default_factory=dict)
    busy_us: tuple[Span, ...] = ()
    """More busy time, as integer-microsecond spans: what the service loads from the database,
    spared the cost of an Interval per booking. Counts exactly like ``busy``."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "session_days", MappingProxyType(dict(self.session_days)))

    @cached_property
    def busy_spans(self) -> list[Span]:
        """``busy`` and ``busy_us`` as sorted, coalesced spans (computed once)."""
        spans = [block.span for block in self.busy]
        spans += self.busy_us
        return merge_spans(spans)

    def is_busy_during(self, interval: Interval) -> bool:
        """Whether some busy time overlaps ``interval`` (touching ends do not)."""
        start, end = interval.span
        spans = self.busy_spans
        index = bisect_right(spans, start, key=_span_end)
        return index < len(spans) and spans[index][0] < end

    def closed_days(self, max_sessions_per_day: int | None) -> frozenset[date]:
        """Local dates that already hold ``max_sessions_per_day`` sessions or more."""
        if max_sessions_per_day is None:
            return frozenset()
        return frozenset(
            day for day, count in self.session_days.items() if count >= max_sessions_per_day
        )

    def free_intervals(self, window: Interval) -> list[Interval]:
        """Working time inside ``window`` minus busy time."""
        start_us, end_us = window.span
        free = subtract_spans(open_spans(self.hours, start_us, end_us), self.busy_spans)
        return [Interval.from_span(span) for span in free]
