"""Brute-force slot checker: the reference that find_common_slots is tested against.

Deliberately naive and independent of scheduling.availability.free_time's DST handling: it walks the
timeline minute by minute, converts each minute to local time with zoneinfo and asks whether
that is working time. Its reading of daylight-saving days: a minute is working time when the
*latest wall-clock reading reached so far* (which only differs from the current reading
during a repeated fall-back hour) lies in a working range of that reading's date. That is the
documented rule "a nonexistent local time means the first instant after the gap; an ambiguous
one means its first occurrence".

Every input must be whole minutes (busy blocks, window, notice, duration, grid, buffers,
working ranges); the oracle asserts it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from scheduling.availability.free_time import Availability
from scheduling.slots.query import Attendee, Room, Slot, SlotQuery

MINUTE = timedelta(minutes=1)
MICROSECOND = timedelta(microseconds=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Longest repeated hour among the zones the tests use is one hour; look back further.
HISTORY = timedelta(hours=3)
# A free run never leaves its local day: this much timeline around the window holds it whole.
FRAGMENT_REACH = timedelta(days=2)


@lru_cache(maxsize=64)
def _high_water_marks(timezone: str, first: datetime, count: int) -> list[tuple[date, int]]:
    """For each minute from ``first``: the latest local wall-clock reading reached so far,
    as (local date, minute of that day)."""
    zone = ZoneInfo(timezone)
    moment = first - HISTORY
    high_water = moment.astimezone(zone).replace(tzinfo=None)
    marks: list[tuple[date, int]] = []
    while len(marks) < count:
        high_water = max(high_water, moment.astimezone(zone).replace(tzinfo=None))
        if moment >= first:
            marks.append((high_water.date(), high_water.hour * 60 + high_water.minute))
        moment += MINUTE
    return marks


@lru_cache(maxsize=1024)
def _minutes_of_day(ranges: tuple[tuple[time, time], ...]) -> list[bool]:
    """Whether each minute of a local day (0 = 00:00) lies in one of ``ranges``."""
    table = []
    for minute in range(24 * 60):
        clock = time(minute // 60, minute % 60)
        table.append(any(start <= clock < end for start, end in ranges))
    return table


def _whole_minutes(moment: datetime) -> datetime:
    assert moment.second == 0 and moment.microsecond == 0, moment
    offset = moment.utcoffset()
    assert offset is not None and offset % MINUTE == timedelta(0)
    return moment.astimezone(UTC)


class _Timeline:
    """Per-minute facts about one person or room over ``[first, last)`` (UTC minutes)."""

    def __init__(
        self,
        availability: Availability,
        first: datetime,
        last: datetime,
        closed_days: frozenset[date],
    ) -> None:
        self.first = first
        count = (last - first) // MINUTE
        self.working = self._working(availability, first, count, closed_days)
        self.busy = [False] * count
        blocks = [(block.start, block.end) for block in availability.busy] + [
            (EPOCH + start * MICROSECOND, EPOCH + end * MICROSECOND)
            for start, end in availability.busy_us
        ]
        for block_start, block_end in blocks:
            start, end = _whole_minutes(block_start), _whole_minutes(block_end)
            for index in range(max(0, (start - first) // MINUTE), count):
                if first + index * MINUTE >= end:
                    break
                self.busy[index] = True

    @staticmethod
    def _working(
        availability: Availability, first: datetime, count: int, closed_days: frozenset[date]
    ) -> list[bool]:
        hours = availability.hours
        tables: dict[date, list[bool]] = {}
        working = []
        for day, minute_of_day in _high_water_marks(hours.timezone, first, count):
            if day not in tables:
                if day in closed_days:
                    ranges: tuple[tuple[time, time], ...] = ()
                elif day in hours.exceptions:
                    ranges = hours.exceptions[day]
                else:
                    ranges = hours.weekly.get(day.weekday(), ())
                tables[day] = _minutes_of_day(ranges)
            working.append(tables[day][minute_of_day])
        return working

    def index(self, moment: datetime) -> int:
        return (moment - self.first) // MINUTE

    def can_make(self, start: datetime, query: SlotQuery) -> bool:
        """Every minute of the slot is working time; every buffered minute is not busy."""
        begin, end = self.index(start), self.index(start + query.duration)
        before = self.index(start - query.buffer_before)
        after = self.index(start + query.duration + query.buffer_after)
        return all(self.working[begin:end]) and not any(self.busy[before:after])


def _grid_starts(query: SlotQuery) -> list[datetime]:
    earliest = _whole_minutes(max(query.not_before, query.now.astimezone(UTC) + query.notice))
    grid_minutes = query.grid // MINUTE
    assert query.grid == grid_minutes * MINUTE
    minutes = -(-((earliest - EPOCH) // MINUTE) // grid_minutes) * grid_minutes
    start = EPOCH + minutes * MINUTE
    starts = []
    while start + query.duration <= query.not_after:
        starts.append(start)
        start += query.grid
    return starts


def _timelines(
    query: SlotQuery, availabilities: Sequence[Availability], limit_sessions: bool
) -> dict[str, _Timeline]:
    for length in (query.duration, query.buffer_before, query.buffer_after, query.notice):
        assert length % MINUTE == timedelta(0)
    first = _whole_minutes(query.not_before) - query.buffer_before
    first = min(
        first, _whole_minutes(query.now.astimezone(UTC) + query.notice) - query.buffer_before
    )
    last = _whole_minutes(query.not_after) + query.buffer_after
    timelines = {}
    for availability in availabilities:
        closed: frozenset[date] = frozenset()
        if limit_sessions and query.max_sessions_per_day is not None:
            closed = frozenset(
                day
                for day, count in availability.session_days.items()
                if count >= query.max_sessions_per_day
            )
        timelines[availability.id] = _Timeline(availability, first, last, closed)
    return timelines


class _FreeRuns:
    """Per minute of a wide timeline: how many free (working, not busy) minutes run back from
    it and forward from it. Closed days do not matter: a free run never leaves its local day."""

    def __init__(self, availability: Availability, query: SlotQuery) -> None:
        first = _whole_minutes(query.not_before) - FRAGMENT_REACH
        first = min(
            first, _whole_minutes(query.now.astimezone(UTC) + query.notice) - FRAGMENT_REACH
        )
        self.timeline = _Timeline(
            availability, first, _whole_minutes(query.not_after) + FRAGMENT_REACH, frozenset()
        )
        free = [w and not b for w, b in zip(self.timeline.working, self.timeline.busy, strict=True)]
        self.ending_at = [0] * (len(free) + 1)  # free minutes just before minute i
        for i, is_free in enumerate(free):
            self.ending_at[i + 1] = self.ending_at[i] + 1 if is_free else 0
        self.starting_at = [0] * (len(free) + 1)  # free minutes from minute i on
        for i in reversed(range(len(free))):
            self.starting_at[i] = self.starting_at[i + 1] + 1 if free[i] else 0

    def slivers(self, start: datetime, query: SlotQuery) -> int:
        """Free pieces left before and after the slot, not empty but shorter than it."""
        before = self.ending_at[self.timeline.index(start)]
        after = self.starting_at[self.timeline.index(start + query.duration)]
        length = query.duration // MINUTE
        return sum(1 for piece in (before, after) if 0 < piece < length)


def brute_force_slots(
    query: SlotQuery, attendees: Sequence[Attendee], rooms: Sequence[Room] | None
) -> list[Slot]:
    """Every valid grid start (ignoring ``query.limit``), with its best room, absentees and
    fragmentation. The best room leaves the fewest slivers, then wastes the least capacity,
    then has the smallest id."""
    people = _timelines(query, [a.availability for a in attendees], limit_sessions=True)
    places = _timelines(query, [r.availability for r in rooms or ()], limit_sessions=False)
    runs: dict[str, _FreeRuns] = {}

    def slivers(availability: Availability, start: datetime) -> int:
        if availability.id not in runs:
            runs[availability.id] = _FreeRuns(availability, query)
        return runs[availability.id].slivers(start, query)

    suitable = sorted(
        (
            r
            for r in rooms or ()
            if r.capacity >= query.head_count
            and r.public_seats >= query.observer_seats
            and query.required_features <= r.features
        ),
        key=lambda r: (r.capacity - query.head_count, r.availability.id),
    )
    slots = []
    for start in _grid_starts(query):
        if not all(
            people[a.availability.id].can_make(start, query) for a in attendees if a.required
        ):
            continue
        room_id, fragmentation = None, 0
        if rooms is not None:
            free = [
                (slivers(r.availability, start), rank, r.availability.id)
                for rank, r in enumerate(suitable)
                if places[r.availability.id].can_make(start, query)
            ]
            if not free:
                continue
            fragmentation, _, room_id = min(free)
        coming = [
            a.availability for a in attendees if people[a.availability.id].can_make(start, query)
        ]
        missing = tuple(
            sorted(a.availability.id for a in attendees if a.availability not in coming)
        )
        fragmentation += sum(slivers(person, start) for person in coming)
        slots.append(Slot(start, start + query.duration, room_id, missing, fragmentation))
    return slots


def brute_force_blocking(
    query: SlotQuery, attendees: Sequence[Attendee], rooms: Sequence[Room] | None
) -> list[str]:
    """Required attendees (and "rooms") that alone could not start at any grid point."""
    starts = _grid_starts(query)
    people = _timelines(query, [a.availability for a in attendees if a.required], True)
    blocking = [
        a.availability.id
        for a in attendees
        if a.required and not any(people[a.availability.id].can_make(s, query) for s in starts)
    ]
    if rooms is not None:
        suitable = [
            r
            for r in rooms
            if r.capacity >= query.head_count
            and r.public_seats >= query.observer_seats
            and query.required_features <= r.features
        ]
        places = _timelines(query, [r.availability for r in suitable], limit_sessions=False)
        if not any(places[r.availability.id].can_make(s, query) for r in suitable for s in starts):
            blocking.append("rooms")
    return blocking
