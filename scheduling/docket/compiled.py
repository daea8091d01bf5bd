"""Docket planning, compiled problem: static facts computed once, and the occupancy of a plan.

Times are integer microseconds since the epoch (``scheduling.intervals``); starts lie on a
grid counted from the epoch, as in slot search.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from datetime import date

from scheduling.availability.free_time import Availability, WorkingHours, local_date, open_spans
from scheduling.docket.problem import DocketProblem, DocketSession
from scheduling.intervals import Span, duration_us, merge_spans, subtract_spans, to_us
from scheduling.slots.query import Room


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
        self._allowed: dict[tuple[int, int], int] = {}
        self._room_unions: dict[tuple[tuple[int, ...], int], int] = {}
        self._openings: dict[tuple[object, ...], list[Span]] = {}
        self._days: dict[tuple[str, int], date] = {}
        self.durations = [duration_us(s.duration) for s in self.sessions]
        self.people = [s.required for s in self.sessions]
        self.suitable = [self._suitable_rooms(s) for s in self.sessions]
        self.windows = [self._window(i) for i in range(len(self.sessions))]
        self.common = [self._common_people_starts(i) for i in range(len(self.sessions))]
        self.feasible = [self._feasible_starts(i) for i in range(len(self.sessions))]

    def mask(self, spans: Iterable[Span]) -> int:
        """The grid points inside ``spans`` as a bit mask."""
        bits = 0
        for start, end in spans:
            first = max(-(-(start - self.base) // self.grid), 0)
            last = -(-(end - self.base) // self.grid)
            if first < last:
                bits |= ((1 << (last - first)) - 1) << first
        return bits

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

    def _suitable_rooms(self, session: DocketSession) -> list[int]:
        """Rooms that fit the session, least capacity wasted first, then by id."""
        fitting = [index for index, room in enumerate(self.rooms) if session.suits(room)]
        return sorted(fitting, key=lambda r: (self.rooms[r].capacity, self.rooms[r].id))

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
            opening = self._opening(availability.hours, closed)
            fitting = [(a, b - duration + 1) for a, b in opening if b - duration + 1 > a]
            lead = duration + self.after - 1
            forbidden = merge_spans((b - lead, c + self.before) for b, c in availability.busy_spans)
            self._allowed[key] = self.mask(subtract_spans(fitting, forbidden))
        return self._allowed[key]

    def _opening(self, hours: WorkingHours, closed: frozenset[date]) -> list[Span]:
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
        key = (tuple(self.suitable[index]), duration)
        if key not in self._room_unions:
            union = 0
            for room in self.suitable[index]:
                union |= self.room_mask(room, duration)
            self._room_unions[key] = union
        return self.common[index] & self._room_unions[key]

    def day_of(self, person: Availability, point: int) -> date:
        key = (person.hours.timezone, point)
        day = self._days.get(key)
        if day is None:
            day = self._days[key] = local_date(person.hours.timezone, point)
        return day

    def padded(self, index: int, start: int) -> Span:
        return (start - self.before, start + self.durations[index] + self.after)


def person_key(person: Availability) -> str:
    return f"person:{person.id}"


def room_key(room: Room) -> str:
    return f"room:{room.id}"


class Occupancy:
    """Buffered time taken by placed sessions, per person and room, and sessions per day."""

    def __init__(self, compiled: Compiled) -> None:
        self.compiled = compiled
        self._starts: dict[str, list[int]] = {}
        self._ends: dict[str, list[int]] = {}
        self.per_day: Counter[tuple[str, date]] = Counter()
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

    def _keys(self, index: int, room: int) -> list[str]:
        people = [person_key(p) for p in self.compiled.people[index]]
        return [*people, room_key(self.compiled.rooms[room])]

    def add(self, index: int, start: int, room: int) -> None:
        span = self.compiled.padded(index, start)
        for key in self._keys(index, room):
            starts = self._starts.setdefault(key, [])
            position = bisect_left(starts, span[0])
            starts.insert(position, span[0])
            self._ends.setdefault(key, []).insert(position, span[1])
        for person in self.compiled.people[index]:
            self.per_day[(person.id, self.compiled.day_of(person, start))] += 1

    def remove(self, index: int, start: int, room: int) -> None:
        span = self.compiled.padded(index, start)
        for key in self._keys(index, room):
            position = bisect_left(self._starts[key], span[0])
            del self._starts[key][position]
            del self._ends[key][position]
        for person in self.compiled.people[index]:
            self.per_day[(person.id, self.compiled.day_of(person, start))] -= 1

    def forbidden_starts(
        self, index: int, people: Iterable[Availability] | None = None
    ) -> list[Span]:
        """Starts at which a required person's buffered time would meet a placed session."""
        compiled = self.compiled
        lead = compiled.durations[index] + compiled.after - 1
        return merge_spans(
            (start - lead, end + compiled.before)
            for person in (compiled.people[index] if people is None else people)
            for start, end in zip(
                self._starts.get(person_key(person), ()),
                self._ends.get(person_key(person), ()),
                strict=True,
            )
        )

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

    def free_room(self, index: int, start: int) -> int | None:
        """The first suitable room (least capacity wasted) open and free at ``start``."""
        compiled, span = self.compiled, self.compiled.padded(index, start)
        duration, bit = compiled.durations[index], compiled.bit(start)
        for room in compiled.suitable[index]:
            if compiled.room_mask(room, duration) & bit and self.is_free(
                room_key(compiled.rooms[room]), span
            ):
                return room
        return None
