"""Docket planning, one CP-SAT model (OR-Tools) re-planning the sessions of one window.

OR-Tools is imported only when a model is built.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from scheduling.availability.free_time import Availability
from scheduling.docket.budget import Budget
from scheduling.docket.compiled import Compiled, Occupancy, person_key
from scheduling.intervals import Span

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

PlacementMap = dict[int, tuple[int, int]]
"""Session index -> (start in µs, room index)."""

_WORKERS = max(1, min(8, os.cpu_count() or 1))
_ROOM_CHOICES = 6


class WindowModel:
    """One CP-SAT model: a start variable per session whose domain holds only the starts the
    fixed sessions leave free, an optional interval per (session, room) with exactly one room
    chosen when the session is present, and one no-overlap per person and per room. It
    maximises the sessions present, movable ones included: dropping one placed session to
    place two is a gain, and the current plan (the hint) is never worse than the answer."""

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
        self.present: dict[int, cp_model.IntVar] = {}
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
        self.model.maximize(sum(self.present[i] for i in self.options))
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
            key = compiled.room_keys[room]
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
        present = model.new_bool_var(f"present{index}")
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
            by_resource.setdefault(compiled.room_keys[room], []).append(interval)
        model.add(sum(lits.values()) == present)
        attended = model.new_optional_fixed_size_interval_var(
            padded_start, size, present, f"busy{index}"
        )
        for person in compiled.people[index]:
            by_resource.setdefault(person_key(person), []).append(attended)
        self.starts[index], self.present[index], self.rooms[index] = start, present, lits

    def _day_terms(self, index: int, person: Availability) -> dict[date, cp_model.IntVar]:
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
        terms: dict[tuple[str, date], list[cp_model.IntVar]] = {}
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
            model.add_hint(self.present[index], placed is not None)
            for room, lit in self.rooms[index].items():
                model.add_hint(lit, placed is not None and placed[1] == room)
        for (index, timezone), lits in self.days.items():
            placed = self.movable.get(index)
            people = [p for p in self.compiled.people[index] if p.hours.timezone == timezone]
            for day, lit in lits.items():
                chosen = placed is not None and self.compiled.day_of(people[0], placed[0]) == day
                model.add_hint(lit, chosen)

    def solve(self, budget: Budget) -> PlacementMap | None:
        """The best solution found within ``budget``, if any."""
        limit_s = budget.left()
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
