"""Docket planning, compiled problem: static facts computed once, and the occupancy of a plan.

Times are integer microseconds since the epoch (``scheduling.intervals``); starts lie on a
grid counted from the epoch, as in slot search. The grid is cut into windows of one week's
points (``Compiled.window_points``) so that the free-time index (``docket.free_index``) works
on small integers whatever the length of the docket.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from datetime import date

from scheduling.availability.free_time import Availability, WorkingHours, local_date, open_spans
from scheduling.docket.problem import DocketProblem, DocketSession
from scheduling.intervals import Span, duration_us, merge_spans, to_us
from scheduling.slots.query import Room

_DAY = 86_400_000_000
ROOMS = "rooms"
"""The version key that changes with any room (``Occupancy.versions``)."""
_WEEK = 7 * _DAY
_FEW_RANGES = 8


def bits_of(ranges: list[tuple[int, int]]) -> int:
    """A bit mask with the bits ``[first, last)`` of each range set. Many ranges are written
    as digits and parsed once: OR-ing them one by one would copy the growing mask each time."""
    if len(ranges) <= _FEW_RANGES:
        bits = 0
        for first, last in ranges:
            bits |= ((1 << (last - first)) - 1) << first
        return bits
    digits = bytearray(b"0") * max(last for _, last in ranges)
    for first, last in ranges:
        digits[first:last] = b"1" * (last - first)
    digits.reverse()
    return int(digits, 2)


class Compiled:
    """Static facts, computed once per problem.

    Sets of allowed starts are bit masks over the grid points of the window (bit ``k`` is
    the start ``base + k * grid``): intersecting the hours of four people and thirty rooms
    for a thousand sessions is then a few integer ANDs per session.
    """

    def __init__(self, problem: DocketProblem) -> None:
        self.problem = problem
        self.sessions = problem.sessions
        self.rooms = problem.rooms
        self.grid = duration_us(problem.grid)
        self.before = duration_us(problem.buffer_before)
        self.after = duration_us(problem.buffer_after)
        self.lo, self.hi = to_us(problem.not_before), to_us(problem.not_after)
        self.now = to_us(problem.now)
        self.base = -(-self.lo // self.grid) * self.grid
        self.window_points = max(1, -(-_WEEK // self.grid))
        self._allowed: dict[tuple[int, int], int] = {}
        self._fitting: dict[tuple[object, ...], int] = {}
        self._room_unions: dict[tuple[tuple[int, ...], int], int] = {}
        self._openings: dict[tuple[object, ...], list[Span]] = {}
        self._days: dict[tuple[str, int], date] = {}
        self.durations = [duration_us(s.duration) for s in self.sessions]
        self.people = [s.required for s in self.sessions]
        self._suitable: dict[tuple[object, ...], tuple[int, ...]] = {}
        self.suitable = [self._suitable_rooms(s) for s in self.sessions]
        self.room_keys = [room_key(room) for room in self.rooms]
        self.windows = [self._window(i) for i in range(len(self.sessions))]
        self.common = [self._common_people_starts(i) for i in range(len(self.sessions))]
        self.feasible = [self._feasible_starts(i) for i in range(len(self.sessions))]

    def point_index(self, moment: int) -> int:
        """The index of the first grid point at or after ``moment``."""
        return -(-(moment - self.base) // self.grid)

    def mask(self, spans: Iterable[Span]) -> int:
        """The grid points inside ``spans`` as a bit mask."""
        ranges = []
        for start, end in spans:
            first, last = max(self.point_index(start), 0), self.point_index(end)
            if first < last:
                ranges.append((first, last))
        return bits_of(ranges)

    def window_of(self, point: int) -> int:
        """The window holding the grid point ``point`` (a time in µs on the grid)."""
        return (point - self.base) // self.grid // self.window_points

    def window_start(self, window: int) -> int:
        return self.base + window * self.window_points * self.grid

    def window_bits(self, bits: int, window: int) -> int:
        """The part of a whole-docket mask inside ``window``, as bits counted from its start."""
        size = self.window_points
        return (bits >> (window * size)) & ((1 << size) - 1)

    def window_mask(self, spans: Iterable[Span], window: int) -> int:
        """The grid points of ``window`` inside ``spans``, as bits counted from its start."""
        offset, size = window * self.window_points, self.window_points
        ranges = []
        for start, end in spans:
            first = min(max(self.point_index(start) - offset, 0), size)
            last = min(max(self.point_index(end) - offset, 0), size)
            if first < last:
                ranges.append((first, last))
        return bits_of(ranges)

    def window_range(self, bits: int) -> range:
        """The windows from the first to the last set bit of a whole-docket mask."""
        if not bits:
            return range(0)
        first = ((bits & -bits).bit_length() - 1) // self.window_points
        return range(first, (bits.bit_length() - 1) // self.window_points + 1)

    def points(self, bits: int, offset: int = 0) -> list[int]:
        """The starts of a bit mask shifted right by ``offset`` bits, ascending."""
        digits = bin(bits)[:1:-1]
        points, position = [], digits.find("1")
        first = self.base + offset * self.grid
        while position >= 0:
            points.append(first + position * self.grid)
            position = digits.find("1", position + 1)
        return points

    def starts(self, index: int, window: Span | None = None) -> list[int]:
        """Feasible starts of a session, ascending; only those inside ``window`` if given."""
        if window is None:
            return self.points(self.feasible[index])
        first = max(-(-(window[0] - self.base) // self.grid), 0)
        last = max(-(-(window[1] - self.base) // self.grid), first)
        inside = (self.feasible[index] >> first) & ((1 << (last - first)) - 1)
        return self.points(inside, first)

    def bit(self, point: int) -> int:
        return 1 << ((point - self.base) // self.grid)

    def _suitable_rooms(self, session: DocketSession) -> tuple[int, ...]:
        """Rooms that fit the session, least capacity wasted first, then by id (computed once
        per kind of need: a province's sessions have a handful)."""
        need = (session.head_count, session.observer_seats, session.required_features)
        if need not in self._suitable:
            fitting = [index for index, room in enumerate(self.rooms) if session.suits(room)]
            self._suitable[need] = tuple(
                sorted(fitting, key=lambda r: (self.rooms[r].capacity, self.rooms[r].id))
            )
        return self._suitable[need]

    def _window(self, index: int) -> int:
        """Starts allowed by the window and the notice: the slot ends by ``not_after``."""
        earliest = max(self.lo, self.now + duration_us(self.sessions[index].notice))
        return self.mask([(earliest, self.hi - self.durations[index] + 1)])

    def allowed(self, availability: Availability, duration: int, is_person: bool) -> int:
        """Starts whose slot fits working hours and whose buffered slot avoids busy time."""
        key = (id(availability), duration)
        if key not in self._allowed:
            closed: frozenset[date] = frozenset()
            if is_person:
                closed = availability.closed_days(self.problem.max_sessions_per_day)
            allowed = self._fitting_starts(availability.hours, closed, duration)
            if availability.busy_spans:
                lead = duration + self.after - 1
                busy = ((b - lead, c + self.before) for b, c in availability.busy_spans)
                allowed &= ~self.mask(merge_spans(busy))
            self._allowed[key] = allowed
        return self._allowed[key]

    def _fitting_starts(self, hours: WorkingHours, closed: frozenset[date], duration: int) -> int:
        """Starts whose slot fits the working hours; shared by everyone on the same hours (a
        province's docket has ten thousand people on a handful of timetables)."""
        key = (hours.fingerprint, closed, duration)
        if key not in self._fitting:
            opening = self.opening(hours, closed)
            fitting = [(a, b - duration + 1) for a, b in opening if b - duration + 1 > a]
            self._fitting[key] = self.mask(fitting)
        return self._fitting[key]

    def opening(self, hours: WorkingHours, closed: frozenset[date]) -> list[Span]:
        """Working time in the window; people on the same hours share one expansion."""
        key = (hours.fingerprint, closed)
        if key not in self._openings:
            self._openings[key] = open_spans(hours, self.lo, self.hi, closed)
        return self._openings[key]

    def room_mask(self, room: int, duration: int) -> int:
        return self.allowed(self.rooms[room].availability, duration, is_person=False)

    def _common_people_starts(self, index: int) -> int:
        common = self.windows[index]
        for person in self.people[index]:
            common &= self.allowed(person, self.durations[index], True)
        return common

    def _feasible_starts(self, index: int) -> int:
        """Starts every required person and at least one suitable room can take."""
        duration = self.durations[index]
        key = (self.suitable[index], duration)
        if key not in self._room_unions:
            union = 0
            for room in self.suitable[index]:
                union |= self.room_mask(room, duration)
            self._room_unions[key] = union
        return self.common[index] & self._room_unions[key]

    def day_of(self, person: Availability, point: int) -> date:
        return self.day_of_zone(person.hours.timezone, point)

    def day_of_zone(self, timezone: str, point: int) -> date:
        key = (timezone, point)
        day = self._days.get(key)
        if day is None:
            day = self._days[key] = local_date(timezone, point)
        return day

    def padded(self, index: int, start: int) -> Span:
        return (start - self.before, start + self.durations[index] + self.after)


def person_key(person: Availability | str) -> str:
    """The occupancy key of a person (or of a person's id)."""
    return f"person:{person if isinstance(person, str) else person.id}"


def room_key(room: Room) -> str:
    return f"room:{room.id}"


class Occupancy:
    """Buffered time taken by placed sessions, per person and room, and sessions per day.

    Each change bumps a version per (resource, window) for the windows whose starts it can
    affect, so that ``docket.free_index`` recomputes only those."""

    def __init__(self, compiled: Compiled) -> None:
        self.compiled = compiled
        self._starts: dict[str, list[int]] = {}
        self._ends: dict[str, list[int]] = {}
        self.per_day: Counter[tuple[str, date]] = Counter()
        self.versions: Counter[tuple[str, int]] = Counter()
        #: Placed sessions per person id (a person with none has every day open).
        self.placed_of: Counter[str] = Counter()
        self.removals = 0
        self._reach = max(compiled.durations, default=0) + compiled.after
        for session_people in compiled.people:
            for person in session_people:
                for day, count in person.session_days.items():
                    self.per_day[(person.id, day)] = count

    def is_free(self, key: str, span: Span) -> bool:
        # Spans of one resource are disjoint, so the ends are sorted like the starts.
        starts = self._starts.get(key)
        if not starts:
            return True
        index = bisect_left(starts, span[1])
        return index == 0 or self._ends[key][index - 1] <= span[0]

    def spans_near(self, key: str, span: Span) -> list[Span]:
        """The placed (buffered) spans of a resource that overlap ``span``."""
        starts = self._starts.get(key)
        if not starts:
            return []
        ends = self._ends[key]
        first, last = bisect_right(ends, span[0]), bisect_left(starts, span[1])
        return list(zip(starts[first:last], ends[first:last], strict=True))

    def count_in(self, key: str, span: Span) -> int:
        """How many placed sessions of a resource start (buffer included) inside ``span``."""
        starts = self._starts.get(key, [])
        return bisect_left(starts, span[1]) - bisect_left(starts, span[0])

    def _keys(self, index: int, room: int) -> list[str]:
        people = [person_key(p) for p in self.compiled.people[index]]
        return [*people, self.compiled.room_keys[room]]

    def touched(self, index: int, start: int) -> range:
        """The windows whose starts a placement meets: through its buffered span, the
        longest session before it, and its local day (for the daily maximum; a local day
        may last 25 hours)."""
        compiled, (begin, end) = self.compiled, self.compiled.padded(index, start)
        first = compiled.window_of(min(begin - self._reach, start - 2 * _DAY))
        last = compiled.window_of(max(end + compiled.before, start + 2 * _DAY))
        return range(first, last + 1)

    def _touch(self, keys: list[str], index: int, start: int) -> None:
        for window in self.touched(index, start):
            for key in keys:
                self.versions[(key, window)] += 1
            # One version for all rooms: first fit asks for the union of suitable rooms.
            self.versions[(ROOMS, window)] += 1

    def add(self, index: int, start: int, room: int) -> None:
        span, keys = self.compiled.padded(index, start), self._keys(index, room)
        for key in keys:
            starts = self._starts.setdefault(key, [])
            position = bisect_left(starts, span[0])
            starts.insert(position, span[0])
            self._ends.setdefault(key, []).insert(position, span[1])
        for person in self.compiled.people[index]:
            self.per_day[(person.id, self.compiled.day_of(person, start))] += 1
            self.placed_of[person.id] += 1
        self._touch(keys, index, start)

    def remove(self, index: int, start: int, room: int) -> None:
        span, keys = self.compiled.padded(index, start), self._keys(index, room)
        for key in keys:
            position = bisect_left(self._starts[key], span[0])
            del self._starts[key][position]
            del self._ends[key][position]
        for person in self.compiled.people[index]:
            self.per_day[(person.id, self.compiled.day_of(person, start))] -= 1
            self.placed_of[person.id] -= 1
        self._touch(keys, index, start)
        self.removals += 1

    def day_count(self, person: Availability, start: int) -> int:
        return self.per_day[(person.id, self.compiled.day_of(person, start))]

    def blocker(self, index: int, start: int) -> str | None:
        """The first required person who cannot take this start, if any."""
        compiled, span = self.compiled, self.compiled.padded(index, start)
        maximum = compiled.problem.max_sessions_per_day
        for person in compiled.people[index]:
            if not self.is_free(person_key(person), span):
                return f"person {person.id}"
            if maximum is not None and self.day_count(person, start) >= maximum:
                return f"the daily maximum of {maximum} sessions of person {person.id}"
        return None
