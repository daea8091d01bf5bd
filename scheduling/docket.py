"""Docket planning: place a batch of unscheduled sessions over a period.

Every hard rule of single-session slot search holds for the whole batch at once: working
hours in each person's zone, room opening hours, room capacity, observer seats and features,
notice, buffers and the daily maximum per person; besides, no person and no room is used by
two placed sessions at a time (buffers included, the Cal.com rule: the gap between two
sessions on one resource is at least ``buffer_after + buffer_before``).

Two strategies, measured in ``bench/docket.py``:

* ``plan_greedy``: first fit, most constrained session (fewest feasible starts) first. A full
  plan in milliseconds.
* ``plan_cp_sat``: OR-Tools CP-SAT, window by window. Each window re-plans the sessions that
  start in it, together with unplaced sessions that could start there, keeping everything
  else fixed; sessions already placed must stay placed, so a window never loses a session.

``plan_docket`` runs the first and improves it with the second within a time budget.
Times are integer microseconds since the epoch internally (``scheduling.intervals``); starts
lie on a grid counted from the epoch, as in slot search.
"""

from __future__ import annotations

import math
import os
import time as clock
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING

from core.errors import RuleViolation
from scheduling.availability import Availability, WorkingHours, local_date, open_spans
from scheduling.intervals import (
    Span,
    duration_us,
    from_us,
    merge_spans,
    subtract_spans,
    to_us,
)
from scheduling.slot_search import Attendee, Room

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

_WORKERS = max(1, min(8, os.cpu_count() or 1))

Progress = Callable[[int, int], None]
"""``progress(done, total)``: milliseconds of the time budget used so far, and the budget."""


@dataclass(frozen=True)
class DocketSession:
    """One session to place; every required attendee must be free, optional ones are ignored."""

    id: str
    duration: timedelta
    attendees: tuple[Attendee, ...]
    head_count: int = 0
    observer_seats: int = 0
    required_features: frozenset[str] = frozenset()
    notice: timedelta = timedelta(0)

    @property
    def required(self) -> tuple[Availability, ...]:
        return tuple(a.availability for a in self.attendees if a.required)

    def suits(self, room: Room) -> bool:
        return (
            room.capacity >= self.head_count
            and room.public_seats >= self.observer_seats
            and self.required_features <= room.features
        )


@dataclass(frozen=True)
class DocketProblem:
    """Sessions to place inside ``[not_before, not_after)``, with the rooms that may host them."""

    sessions: tuple[DocketSession, ...]
    rooms: tuple[Room, ...]
    not_before: datetime
    not_after: datetime
    now: datetime
    grid: timedelta = timedelta(minutes=15)
    buffer_before: timedelta = timedelta(0)
    buffer_after: timedelta = timedelta(0)
    max_sessions_per_day: int | None = None

    def __post_init__(self) -> None:
        _validate_problem(self)


@dataclass(frozen=True)
class Placement:
    session_id: str
    start: datetime
    end: datetime
    room_id: str


@dataclass(frozen=True)
class Unplaced:
    session_id: str
    reason: str


@dataclass(frozen=True)
class DocketPlan:
    placed: tuple[Placement, ...]
    unplaced: tuple[Unplaced, ...]
    strategy: str
    stats: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "stats", MappingProxyType(dict(self.stats)))


def _violation(message: str, code: str, field: str) -> RuleViolation:
    return RuleViolation(message, code=code, field=field)


def _validate_problem(problem: DocketProblem) -> None:
    for name in ("not_before", "not_after", "now"):
        moment: datetime = getattr(problem, name)
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise _violation(f"{name} must carry a UTC offset.", "naive_datetime", name)
    if problem.not_after <= problem.not_before:
        raise _violation("not_after must be later than not_before.", "invalid_window", "not_after")
    if problem.grid <= timedelta(0):
        raise _violation("The slot grid must be positive.", "invalid_grid", "grid")
    for name in ("buffer_before", "buffer_after"):
        if getattr(problem, name) < timedelta(0):
            raise _violation(f"{name} cannot be negative.", f"negative_{name}", name)
    if problem.max_sessions_per_day is not None and problem.max_sessions_per_day < 1:
        raise _violation(
            "max_sessions_per_day must be at least 1.",
            "invalid_max_sessions",
            "max_sessions_per_day",
        )
    seen: set[str] = set()
    for index, session in enumerate(problem.sessions):
        where = f"sessions[{index}]"
        if session.id in seen:
            raise _violation(f"Session {session.id} appears twice.", "duplicate_session", where)
        seen.add(session.id)
        if session.duration <= timedelta(0):
            raise _violation("The duration must be positive.", "invalid_duration", where)
        if session.notice < timedelta(0):
            raise _violation("The notice cannot be negative.", "negative_notice", where)


# Compiled problem: static facts computed once ----------------------------------------------


def _minutes(length_us: int) -> str:
    return f"{length_us / 60_000_000:g} minutes"


class _Compiled:
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

    def __init__(self, compiled: _Compiled) -> None:
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


# Reasons ---------------------------------------------------------------------------------


def _room_kind(session: DocketSession) -> str:
    kind = f"{session.head_count} participants"
    if session.observer_seats:
        kind += f" and {session.observer_seats} observers"
    if session.required_features:
        kind += f" / features {', '.join(sorted(session.required_features))}"
    return kind


def static_reason(compiled: _Compiled, index: int) -> str | None:
    """Why a session cannot start anywhere even in an empty docket, or None."""
    session, duration = compiled.sessions[index], compiled.durations[index]
    length = _minutes(duration)
    window = compiled.windows[index]
    if not window:
        if session.notice > timedelta(0):
            return (
                f"the notice period ({_minutes(duration_us(session.notice))}) leaves no "
                f"{length} start before {compiled.problem.not_after.isoformat()}"
            )
        return f"the window is too short for a {length} session"
    if not compiled.suitable[index]:
        return f"no room fits {_room_kind(session)}"
    reasons: list[str] = []
    lonely = [
        person.id
        for person in compiled.people[index]
        if not window & compiled.allowed(person, duration, is_person=True)
    ]
    if lonely:
        reasons.append(
            f"no free time of {length} in the window for required person {', '.join(lonely)}"
        )
    if not any(window & compiled.room_mask(r, duration) for r in compiled.suitable[index]):
        reasons.append(f"no room fitting {_room_kind(session)} has free time of {length}")
    if reasons:
        return "; ".join(reasons)
    if not compiled.common[index]:
        people = ", ".join(person.id for person in compiled.people[index])
        return f"required people {people} are never free together for {length}"
    if not compiled.feasible[index]:
        return f"no room fitting {_room_kind(session)} is free while all required people are"
    return None


def capacity_reason(occupancy: Occupancy, index: int) -> str:
    """Why a session with feasible starts found none free: the most frequent blocker."""
    compiled = occupancy.compiled
    if first_fit(occupancy, index) is not None:
        return "the time budget ran out before this session was placed (free starts remain)"
    feasible = compiled.feasible[index]
    blockers: Counter[str] = Counter()
    for person in compiled.people[index]:
        taken = compiled.mask(occupancy.forbidden_starts(index, [person]))
        blockers[f"person {person.id}"] = (feasible & taken).bit_count()
    free = feasible & ~compiled.mask(occupancy.forbidden_starts(index))
    for start in compiled.points(free):
        blocker = occupancy.blocker(index, start)
        if blocker is None and occupancy.free_room(index, start) is None:
            blocker = f"rooms fitting {_room_kind(compiled.sessions[index])}"
        blockers[blocker or "nothing"] += 1
    most = blockers.most_common(1)[0][0] if blockers else "nothing"
    return (
        f"capacity exhausted: every feasible start ({feasible.bit_count()}) conflicts with "
        f"other placed sessions (most often: {most})"
    )


# Greedy ----------------------------------------------------------------------------------


PlacementMap = dict[int, tuple[int, int]]
"""Session index -> (start in µs, room index)."""


def first_fit(occupancy: Occupancy, index: int) -> tuple[int, int] | None:
    """The earliest start (and its best room) the placed sessions leave free."""
    compiled = occupancy.compiled
    free = compiled.feasible[index] & ~compiled.mask(occupancy.forbidden_starts(index))
    while free:
        lowest = free & -free
        free ^= lowest
        start = compiled.base + (lowest.bit_length() - 1) * compiled.grid
        if occupancy.blocker(index, start) is None:
            room = occupancy.free_room(index, start)
            if room is not None:
                return start, room
    return None


def greedy_order(compiled: _Compiled) -> list[int]:
    """Most constrained first (fewest feasible starts), ties by id, for determinism."""
    return sorted(
        range(len(compiled.sessions)),
        key=lambda i: (compiled.feasible[i].bit_count(), compiled.sessions[i].id),
    )


def _fill(occupancy: Occupancy, placements: PlacementMap) -> int:
    """First fit for every session not placed yet, in greedy order; how many were placed."""
    count = 0
    for index in greedy_order(occupancy.compiled):
        found = None if index in placements else first_fit(occupancy, index)
        if found is not None:
            placements[index] = found
            occupancy.add(index, *found)
            count += 1
    return count


def _greedy_placements(compiled: _Compiled) -> tuple[PlacementMap, Occupancy]:
    occupancy = Occupancy(compiled)
    placements: PlacementMap = {}
    _fill(occupancy, placements)
    return placements, occupancy


def build_plan(
    compiled: _Compiled,
    placements: PlacementMap,
    occupancy: Occupancy,
    strategy: str,
    stats: Mapping[str, float],
) -> DocketPlan:
    """The plan in session order, each unplaced session with its most specific reason."""
    placed: list[Placement] = []
    unplaced: list[Unplaced] = []
    for index, session in enumerate(compiled.sessions):
        if index in placements:
            start, room = placements[index]
            end = start + compiled.durations[index]
            room_id = compiled.rooms[room].id
            placed.append(Placement(session.id, from_us(start), from_us(end), room_id))
        else:
            reason = static_reason(compiled, index) or capacity_reason(occupancy, index)
            unplaced.append(Unplaced(session.id, reason))
    full_stats = {**stats, "placed": float(len(placed)), "total": float(len(compiled.sessions))}
    return DocketPlan(tuple(placed), tuple(unplaced), strategy, full_stats)


def plan_greedy(problem: DocketProblem) -> DocketPlan:
    """First fit, most constrained session first: a complete plan in milliseconds."""
    began = clock.perf_counter()
    compiled = _Compiled(problem)
    placements, occupancy = _greedy_placements(compiled)
    elapsed = clock.perf_counter() - began
    return build_plan(compiled, placements, occupancy, "greedy", {"elapsed_s": elapsed})


# CP-SAT window by window -------------------------------------------------------------------

_DAY = 86_400_000_000
_PASSES = ((_DAY, 0), (_DAY, _DAY // 2), (2 * _DAY, 0), (2 * _DAY, _DAY), (4 * _DAY, 0))
"""Window lengths and offsets, tried in turn: small neighbourhoods first, then wider ones."""
_SAFETY_S = 0.01
_FOCUS_LIMIT = 50
"""Up to this many unplaced sessions (or 5%) are first repaired one by one."""
_REPAIR_TRIES = 4
_REPAIR_LIMIT_S = 0.25
_ROOM_CHOICES = 6


def warm_up() -> None:
    """Import OR-Tools (about a second, pandas included) before a budget starts running:
    a server can call this at start-up so that its first docket gets the whole budget."""
    from ortools.sat.python import cp_model

    cp_model.CpModel()


def _windows(compiled: _Compiled, length: int, offset: int) -> list[Span]:
    first = compiled.lo + offset - (length if offset else 0)
    return [(start, start + length) for start in range(first, compiled.hi, length)]


@dataclass
class _Search:
    """State shared by the windows of one improvement run."""

    compiled: _Compiled
    placements: PlacementMap
    occupancy: Occupancy
    stats: Counter[str] = field(default_factory=Counter)

    def unplaced(self) -> list[int]:
        return [i for i in greedy_order(self.compiled) if i not in self.placements]

    def load(self, window: Span, people: set[str] | None = None) -> int:
        """Placed sessions starting in the window (of ``people`` only, if given)."""
        people_of = self.compiled.people
        return sum(
            1
            for index, (start, _) in self.placements.items()
            if window[0] <= start < window[1]
            and (people is None or any(p.id in people for p in people_of[index]))
        )

    def candidates(self, window: Span, length: int) -> list[int]:
        """Unplaced sessions that could start in the window, most constrained first; capped
        so that an unseeded run does not put the whole docket into one model."""
        compiled = self.compiled
        inside = compiled.mask([window])
        fitting = [i for i in self.unplaced() if compiled.feasible[i] & inside]
        horizon = max(compiled.hi - compiled.lo, length)
        return fitting[: max(40, 3 * len(compiled.sessions) * length // horizon // 2)]


def improve(
    compiled: _Compiled,
    placements: PlacementMap,
    deadline: float,
    report: Callable[[], None] | None,
) -> tuple[PlacementMap, Occupancy, dict[str, float]]:
    """Re-plan with CP-SAT until ``deadline`` (a perf_counter reading).

    A nearly complete plan is first repaired session by session: each unplaced session with
    the sessions of its own people over two days, least busy days first. Then (or at once,
    for a plan still mostly empty) whole windows are re-planned, least loaded first.
    """
    warm_up()
    occupancy = Occupancy(compiled)
    for index, (start, room) in placements.items():
        occupancy.add(index, start, room)
    search = _Search(compiled, dict(placements), occupancy)
    if len(search.unplaced()) <= max(_FOCUS_LIMIT, len(compiled.sessions) // 20):
        _repair_each(search, deadline, report)
    for length, offset in _PASSES:
        todo = [w for w in _windows(compiled, length, offset) if search.candidates(w, length)]
        todo.sort(key=lambda window: (search.load(window), window))
        for position, window in enumerate(todo):
            remaining = deadline - clock.perf_counter() - _SAFETY_S
            if remaining <= 0 or not search.unplaced():
                break
            candidates = search.candidates(window, length)
            if candidates:
                share = remaining / (len(todo) - position)
                _solve_window(search, window, candidates, clock.perf_counter() + share)
                if report is not None:
                    report()
        if deadline - clock.perf_counter() <= _SAFETY_S or not search.unplaced():
            break
    stats = {key: float(value) for key, value in search.stats.items()}
    return search.placements, search.occupancy, stats


def _repair_each(search: _Search, deadline: float, report: Callable[[], None] | None) -> None:
    """Small neighbourhoods: one unplaced session and its people's sessions in two days."""
    compiled = search.compiled
    windows = _windows(compiled, 2 * _DAY, 0) + _windows(compiled, 2 * _DAY, _DAY)
    for index in search.unplaced():
        people = {person.id for person in compiled.people[index]}
        fitting = [w for w in windows if compiled.feasible[index] & compiled.mask([w])]
        fitting.sort(key=lambda window: (search.load(window, people), window))
        for window in fitting[:_REPAIR_TRIES]:
            remaining = deadline - clock.perf_counter() - _SAFETY_S
            if remaining <= 0:
                return
            limit = min(remaining, _REPAIR_LIMIT_S)
            _solve_window(search, window, [index], clock.perf_counter() + limit, people)
            if report is not None:
                report()
            if index in search.placements:
                break


def _solve_window(
    search: _Search,
    window: Span,
    candidates: list[int],
    deadline: float,
    related: set[str] | None = None,
) -> None:
    """Re-plan the sessions starting in ``window`` (only those of ``related`` people, if
    given) plus ``candidates``. The solution replaces the old plan only if it keeps every
    session and passes the occupancy check again."""
    compiled, occupancy = search.compiled, search.occupancy
    movable = {
        i: p
        for i, p in search.placements.items()
        if window[0] <= p[0] < window[1]
        and (related is None or any(person.id in related for person in compiled.people[i]))
    }
    for index, (start, room) in movable.items():
        occupancy.remove(index, start, room)
    solution = _WindowModel(compiled, occupancy, window, movable, candidates).solve(deadline)
    search.stats["windows"] += 1
    applied: PlacementMap = {}
    for index, (start, room) in (solution or {}).items():
        if not _still_free(occupancy, index, start, room):
            solution = None
            break
        occupancy.add(index, start, room)
        applied[index] = (start, room)
    if solution is not None and movable.keys() <= solution.keys():
        for index in movable:
            del search.placements[index]
        search.placements.update(applied)
        gained = len(solution) - len(movable)
        search.stats["windows_improved"] += gained > 0
        search.stats["cp_sat_added"] += gained
        return
    for index, (start, room) in applied.items():
        occupancy.remove(index, start, room)
    for index, (start, room) in movable.items():
        occupancy.add(index, start, room)


def _still_free(occupancy: Occupancy, index: int, start: int, room: int) -> bool:
    compiled, bit = occupancy.compiled, occupancy.compiled.bit(start)
    return (
        bool(compiled.feasible[index] & bit)
        and occupancy.blocker(index, start) is None
        and room in compiled.suitable[index]
        and bool(compiled.room_mask(room, compiled.durations[index]) & bit)
        and occupancy.is_free(room_key(compiled.rooms[room]), compiled.padded(index, start))
    )


class _WindowModel:
    """One CP-SAT model: a start variable per session whose domain holds only the starts the
    fixed sessions leave free, an optional interval per (session, room) with exactly one room
    chosen when the session is present, and one no-overlap per person and per room."""

    def __init__(
        self,
        compiled: _Compiled,
        occupancy: Occupancy,
        window: Span,
        movable: PlacementMap,
        candidates: list[int],
    ) -> None:
        from ortools.sat.python import cp_model

        self.cp_model = cp_model
        self.model = cp_model.CpModel()
        self.compiled, self.occupancy, self.window = compiled, occupancy, window
        self.movable = movable
        options = {i: self._options(i) for i in [*movable, *candidates]}
        self.options = {i: rooms for i, rooms in options.items() if rooms}
        sizes = [compiled.durations[i] for i in self.options]
        self.unit = math.gcd(compiled.grid, compiled.before, compiled.after, *sizes)
        self.origin = window[0] - window[0] % self.unit
        self.starts: dict[int, cp_model.IntVar] = {}
        self.present: dict[int, cp_model.IntVar | int] = {}
        self.rooms: dict[int, dict[int, cp_model.IntVar]] = {}
        self.days: dict[tuple[int, str], dict[date, cp_model.IntVar]] = {}
        by_resource: dict[str, list[cp_model.IntervalVar]] = {}
        for index in self.options:
            self._add_session(index, by_resource)
        for intervals in by_resource.values():
            if len(intervals) > 1:
                self.model.add_no_overlap(intervals)
        if compiled.problem.max_sessions_per_day is not None:
            self._add_daily_maximum(compiled.problem.max_sessions_per_day)
        self.model.maximize(sum(self.present[i] for i in self.options if i not in movable))
        self._add_hints()

    def _value(self, point: int) -> int:
        return (point - self.origin) // self.unit

    def _domain(self, points: Sequence[int]) -> cp_model.Domain:
        return self.cp_model.Domain.from_values([self._value(p) for p in points])

    def _options(self, index: int) -> dict[int, list[int]]:
        """Starts in the window per suitable room, given the sessions held fixed."""
        compiled, occupancy = self.compiled, self.occupancy
        points = [
            p for p in compiled.starts(index, self.window) if occupancy.blocker(index, p) is None
        ]
        options: dict[int, list[int]] = {}
        for room in compiled.suitable[index]:
            allowed = compiled.room_mask(room, compiled.durations[index])
            key = room_key(compiled.rooms[room])
            fitting = [
                p
                for p in points
                if allowed & compiled.bit(p) and occupancy.is_free(key, compiled.padded(index, p))
            ]
            if fitting:
                options[room] = fitting
        if len(options) > _ROOM_CHOICES:
            # Thirty interchangeable rooms only multiply symmetric choices; keep the best
            # few (least capacity wasted), and the room a movable session holds now.
            kept = list(options)[:_ROOM_CHOICES]
            held = self.movable.get(index)
            if held is not None and held[1] not in kept:
                kept.append(held[1])
            options = {room: options[room] for room in kept}
        return options

    def _add_session(self, index: int, by_resource: dict[str, list[cp_model.IntervalVar]]) -> None:
        compiled, model, rooms = self.compiled, self.model, self.options[index]
        points = sorted({p for fitting in rooms.values() for p in fitting})
        start = model.new_int_var_from_domain(self._domain(points), f"start{index}")
        present = 1 if index in self.movable else model.new_bool_var(f"present{index}")
        size = (compiled.before + compiled.durations[index] + compiled.after) // self.unit
        padded_start = start - compiled.before // self.unit
        lits: dict[int, cp_model.IntVar] = {}
        for room, fitting in rooms.items():
            lits[room] = lit = model.new_bool_var(f"room{index}_{room}")
            if len(fitting) < len(points):
                model.add_linear_expression_in_domain(start, self._domain(fitting)).only_enforce_if(
                    lit
                )
            interval = model.new_optional_fixed_size_interval_var(
                padded_start, size, lit, f"in_room{index}_{room}"
            )
            by_resource.setdefault(room_key(compiled.rooms[room]), []).append(interval)
        model.add(sum(lits.values()) == present)
        if isinstance(present, int):
            attended = model.new_fixed_size_interval_var(padded_start, size, f"busy{index}")
        else:
            attended = model.new_optional_fixed_size_interval_var(
                padded_start, size, present, f"busy{index}"
            )
        for person in compiled.people[index]:
            by_resource.setdefault(person_key(person), []).append(attended)
        self.starts[index], self.present[index], self.rooms[index] = start, present, lits

    def _day_terms(self, index: int, person: Availability) -> dict[date, cp_model.IntVar | int]:
        """Per local date of ``person``: 1 when the session starts that day (linear terms)."""
        points = sorted({p for fitting in self.options[index].values() for p in fitting})
        by_day: dict[date, list[int]] = {}
        for point in points:
            by_day.setdefault(self.compiled.day_of(person, point), []).append(point)
        if len(by_day) == 1:
            return {day: self.present[index] for day in by_day}
        key = (index, person.hours.timezone)
        if key not in self.days:
            model = self.model
            lits = {day: model.new_bool_var(f"day{index}_{day}") for day in by_day}
            model.add(sum(lits.values()) == self.present[index])
            for day, lit in lits.items():
                model.add_linear_expression_in_domain(
                    self.starts[index], self._domain(by_day[day])
                ).only_enforce_if(lit)
            self.days[key] = lits
        return dict(self.days[key])

    def _add_daily_maximum(self, maximum: int) -> None:
        terms: dict[tuple[str, date], list[cp_model.IntVar | int]] = {}
        for index in self.options:
            for person in self.compiled.people[index]:
                for day, term in self._day_terms(index, person).items():
                    terms.setdefault((person.id, day), []).append(term)
        for (person_id, day), day_terms in terms.items():
            room_left = maximum - self.occupancy.per_day[(person_id, day)]
            if len(day_terms) > room_left:
                self.model.add(sum(day_terms) <= room_left)

    def _add_hints(self) -> None:
        """The current plan of the window is a solution: hand it to the solver."""
        model = self.model
        for index, start in self.starts.items():
            placed = self.movable.get(index)
            if placed is not None:
                model.add_hint(start, self._value(placed[0]))
            present = self.present[index]
            if not isinstance(present, int):
                model.add_hint(present, False)
            for room, lit in self.rooms[index].items():
                model.add_hint(lit, placed is not None and placed[1] == room)
        for (index, timezone), lits in self.days.items():
            placed = self.movable.get(index)
            people = [p for p in self.compiled.people[index] if p.hours.timezone == timezone]
            for day, lit in lits.items():
                chosen = placed is not None and self.compiled.day_of(people[0], placed[0]) == day
                model.add_hint(lit, chosen)

    def solve(self, deadline: float) -> PlacementMap | None:
        """The best solution found by ``deadline`` (a perf_counter reading), if any."""
        limit_s = deadline - clock.perf_counter()
        if limit_s <= 0:
            return None
        cp_model = self.cp_model
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = limit_s
        solver.parameters.num_workers = _WORKERS
        if solver.solve(self.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return {
            index: (self.origin + solver.value(self.starts[index]) * self.unit, room)
            for index, lits in self.rooms.items()
            for room, lit in lits.items()
            if solver.boolean_value(lit)
        }


# Combined --------------------------------------------------------------------------------


def placements_of(compiled: _Compiled, plan: DocketPlan) -> PlacementMap:
    """A plan's placements as indices (a seed plan must belong to the same problem)."""
    index_of = {session.id: i for i, session in enumerate(compiled.sessions)}
    room_of = {room.id: r for r, room in enumerate(compiled.rooms)}
    return {
        index_of[p.session_id]: (to_us(p.start), room_of[p.room_id])
        for p in plan.placed
        if p.session_id in index_of and p.room_id in room_of
    }


def plan_cp_sat(
    problem: DocketProblem, time_budget_s: float, seed_plan: DocketPlan | None = None
) -> DocketPlan:
    """CP-SAT window by window, from ``seed_plan`` (or from nothing) within the budget."""
    began = clock.perf_counter()
    compiled = _Compiled(problem)
    placements = placements_of(compiled, seed_plan) if seed_plan else {}
    deadline = began + max(time_budget_s, 0.0)
    placements, occupancy, stats = improve(compiled, placements, deadline, None)
    stats["elapsed_s"] = clock.perf_counter() - began
    return build_plan(compiled, placements, occupancy, "cp_sat", stats)


def plan_docket(
    problem: DocketProblem, time_budget_s: float, progress: Progress | None = None
) -> DocketPlan:
    """Greedy first fit, then CP-SAT improvement until the budget is spent or all are placed.

    Never places fewer sessions than the greedy plan: each CP-SAT window keeps every
    session it re-plans. Sessions the rearranged plan has room for are then placed by
    first fit. ``progress`` is told the budget used, in milliseconds.
    """
    began = clock.perf_counter()
    total_ms = max(int(time_budget_s * 1000), 1)
    compiled = _Compiled(problem)
    placements, occupancy = _greedy_placements(compiled)
    greedy_placed = len(placements)
    greedy_s = clock.perf_counter() - began

    def report() -> None:
        if progress is not None:
            used = int((clock.perf_counter() - began) * 1000)
            progress(min(used, total_ms), total_ms)

    report()
    stats: dict[str, float] = {}
    if len(placements) < len(compiled.sessions):
        deadline = began + max(time_budget_s, 0.0)
        placements, occupancy, stats = improve(compiled, placements, deadline, report)
        stats["filled_after_cp_sat"] = float(_fill(occupancy, placements))
    stats.update(greedy_placed=float(greedy_placed), greedy_s=greedy_s)
    stats["elapsed_s"] = clock.perf_counter() - began
    if progress is not None:
        progress(total_ms, total_ms)
    return build_plan(compiled, placements, occupancy, "greedy+cp_sat", stats)
