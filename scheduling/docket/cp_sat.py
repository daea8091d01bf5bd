"""Docket planning, CP-SAT window by window (OR-Tools).

Each window re-plans the sessions that start in it, together with unplaced sessions that
could start there, keeping everything else fixed; sessions already placed must stay placed,
so a window never loses a session. OR-Tools is imported only when a model is built.
"""

from __future__ import annotations

import math
import os
import time as clock
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from scheduling.availability.free_time import Availability
from scheduling.docket.compiled import Compiled, Occupancy, person_key, room_key
from scheduling.docket.greedy import PlacementMap, build_plan, greedy_order
from scheduling.docket.problem import DocketPlan, DocketProblem
from scheduling.intervals import Span, to_us

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

_WORKERS = max(1, min(8, os.cpu_count() or 1))

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


def _windows(compiled: Compiled, length: int, offset: int) -> list[Span]:
    first = compiled.lo + offset - (length if offset else 0)
    return [(start, start + length) for start in range(first, compiled.hi, length)]


@dataclass
class _Search:
    """State shared by the windows of one improvement run."""

    compiled: Compiled
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
    compiled: Compiled,
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
        compiled: Compiled,
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


# Entry point -----------------------------------------------------------------------------


def placements_of(compiled: Compiled, plan: DocketPlan) -> PlacementMap:
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
    compiled = Compiled(problem)
    placements = placements_of(compiled, seed_plan) if seed_plan else {}
    deadline = began + max(time_budget_s, 0.0)
    placements, occupancy, stats = improve(compiled, placements, deadline, None)
    stats["elapsed_s"] = clock.perf_counter() - began
    return build_plan(compiled, placements, occupancy, "cp_sat", stats)
