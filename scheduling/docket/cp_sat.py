"""Docket planning, CP-SAT window by window (OR-Tools).

Each window re-plans the sessions that start in it, together with unplaced sessions that
could start there, keeping everything else fixed; a window's answer replaces its plan only
if it keeps every session or places more in all (one left out for two placed), so a window
never lowers the count. The budget is read before every window and bounds each
solver run (``max_time_in_seconds`` from what is left). OR-Tools is imported only when a
model is built.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from scheduling.docket.budget import Budget, Clock
from scheduling.docket.compiled import Compiled, Occupancy, person_key
from scheduling.docket.cp_sat_model import PlacementMap, WindowModel
from scheduling.docket.free_index import FreeIndex
from scheduling.docket.greedy import build_plan, greedy_order, occupancy_of
from scheduling.docket.problem import DocketPlan, DocketProblem
from scheduling.intervals import Span, to_us

_DAY = 86_400_000_000
_PASSES = ((_DAY, 0), (_DAY, _DAY // 2), (2 * _DAY, 0), (2 * _DAY, _DAY), (4 * _DAY, 0))
"""Window lengths and offsets, tried in turn: small neighbourhoods first, then wider ones."""
_SAFETY_S = 0.01
_FOCUS_LIMIT = 50
"""Up to this many unplaced sessions (or 5%) are first repaired one by one."""
_REPAIR_TRIES = 4
_REPAIR_LIMIT_S = 0.25
_BUCKET_CHECK = 64
"""Sessions sorted into windows between two readings of the clock."""


def warm_up() -> None:
    """Import OR-Tools (about a second, pandas included) before a budget starts running:
    a server can call this at start-up so that its first docket gets the whole budget."""
    from ortools.sat.python import cp_model

    cp_model.CpModel()


def _first_window(compiled: Compiled, length: int, offset: int) -> int:
    return compiled.lo + offset - (length if offset else 0)


def _windows_of(compiled: Compiled, session: int, length: int, offset: int) -> list[Span]:
    """The windows of one pass in which the session has a feasible start, in time order;
    found through the day windows of the grid, never a mask of the whole docket per window."""
    first, feasible = _first_window(compiled, length, offset), compiled.feasible[session]
    numbers: set[int] = set()
    for day in compiled.window_range(feasible):
        bits = compiled.window_bits(feasible, day)
        if bits:
            start = compiled.window_start(day)
            earliest = start + ((bits & -bits).bit_length() - 1) * compiled.grid
            latest = start + (bits.bit_length() - 1) * compiled.grid
            numbers.update(range((earliest - first) // length, (latest - first) // length + 1))
    return [(first + n * length, first + (n + 1) * length) for n in sorted(numbers)]


@dataclass
class _Search:
    """State shared by the windows of one improvement run."""

    compiled: Compiled
    placements: PlacementMap
    occupancy: Occupancy
    budget: Budget
    stats: Counter[str] = field(default_factory=Counter)

    def unplaced(self) -> list[int]:
        """Placeable sessions not placed yet, most constrained first."""
        feasible = self.compiled.feasible
        return [i for i in greedy_order(self.compiled) if i not in self.placements and feasible[i]]

    def load(self, window: Span, people: set[str] | None = None) -> int:
        """Placed sessions starting in the window (of ``people`` only, if given)."""
        if people is not None:
            return sum(self.occupancy.count_in(person_key(p), window) for p in people)
        return sum(1 for start, _ in self.placements.values() if window[0] <= start < window[1])

    def buckets(self, length: int, offset: int) -> dict[Span, list[int]] | None:
        """The unplaced sessions that could start in each window of a pass, most constrained
        first; None when the budget ran out while sorting them."""
        found: dict[Span, list[int]] = {}
        for position, session in enumerate(self.unplaced()):
            if position % _BUCKET_CHECK == 0 and self.budget.spent(_SAFETY_S):
                return None
            for window in _windows_of(self.compiled, session, length, offset):
                found.setdefault(window, []).append(session)
        return found

    def cap(self, length: int) -> int:
        """At most this many candidates per window, so that an unseeded run does not put
        the whole docket into one model."""
        compiled = self.compiled
        horizon = max(compiled.hi - compiled.lo, length)
        return max(40, 3 * len(compiled.sessions) * length // horizon // 2)


def improve(
    compiled: Compiled,
    placements: PlacementMap,
    budget: Budget,
    report: Callable[[], None] | None,
) -> tuple[PlacementMap, Occupancy, dict[str, float]]:
    """Re-plan with CP-SAT until the budget is spent.

    A nearly complete plan is first repaired session by session: each unplaced session with
    the sessions of its own people over two days, least busy days first. Then (or at once,
    for a plan still mostly empty) whole windows are re-planned, least loaded first.
    """
    warm_up()
    occupancy = occupancy_of(compiled, placements).occupancy
    search = _Search(compiled, dict(placements), occupancy, budget)
    if len(search.unplaced()) <= max(_FOCUS_LIMIT, len(compiled.sessions) // 20):
        _repair_each(search, report)
    for length, offset in _PASSES:
        if budget.spent(_SAFETY_S) or not search.unplaced():
            break
        buckets = search.buckets(length, offset)
        if buckets is None:
            break
        starts = sorted(start for start, _ in search.placements.values())
        todo = sorted(buckets, key=lambda w: (_count_between(starts, w), w))
        for position, window in enumerate(todo):
            if budget.spent(_SAFETY_S):
                break
            candidates = [i for i in buckets[window] if i not in search.placements]
            if candidates:
                share = (budget.left() - _SAFETY_S) / (len(todo) - position)
                window_budget = Budget(budget.clock() + share, budget.clock)
                _solve_window(search, window, candidates[: search.cap(length)], window_budget)
                if report is not None:
                    report()
    stats = {key: float(value) for key, value in search.stats.items()}
    return search.placements, search.occupancy, stats


def _count_between(starts: list[int], window: Span) -> int:
    return bisect_left(starts, window[1]) - bisect_left(starts, window[0])


def _repair_each(search: _Search, report: Callable[[], None] | None) -> None:
    """Small neighbourhoods: one unplaced session and its people's sessions in two days."""
    compiled, budget = search.compiled, search.budget
    for index in search.unplaced():
        people = {person.id for person in compiled.people[index]}
        fitting = _windows_of(compiled, index, 2 * _DAY, 0)
        fitting += _windows_of(compiled, index, 2 * _DAY, _DAY)
        fitting.sort(key=lambda window: (search.load(window, people), window))
        for window in fitting[:_REPAIR_TRIES]:
            if budget.spent(_SAFETY_S):
                return
            limit = min(budget.left() - _SAFETY_S, _REPAIR_LIMIT_S)
            window_budget = Budget(budget.clock() + limit, budget.clock)
            _solve_window(search, window, [index], window_budget, people)
            if report is not None:
                report()
            if index in search.placements:
                break


def _solve_window(
    search: _Search,
    window: Span,
    candidates: list[int],
    budget: Budget,
    related: set[str] | None = None,
) -> None:
    """Re-plan the sessions starting in ``window`` (only those of ``related`` people, if
    given) plus ``candidates``. The solution replaces the old plan only if it keeps every
    session or places more, and passes the occupancy check again."""
    compiled, occupancy = search.compiled, search.occupancy
    movable = {
        i: p
        for i, p in search.placements.items()
        if window[0] <= p[0] < window[1]
        and (related is None or any(person.id in related for person in compiled.people[i]))
    }
    for index, (start, room) in movable.items():
        occupancy.remove(index, start, room)
    solution = WindowModel(compiled, occupancy, window, movable, candidates).solve(budget)
    search.stats["windows"] += 1
    applied: PlacementMap = {}
    for index, (start, room) in (solution or {}).items():
        if not _still_free(occupancy, index, start, room):
            solution = None
            break
        occupancy.add(index, start, room)
        applied[index] = (start, room)
    gained = -1 if solution is None else len(solution) - len(movable)
    if solution is not None and (gained > 0 or movable.keys() <= solution.keys()):
        for index in movable:
            del search.placements[index]
        search.placements.update(applied)
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
        and occupancy.is_free(compiled.room_keys[room], compiled.padded(index, start))
    )


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
    problem: DocketProblem,
    time_budget_s: float,
    seed_plan: DocketPlan | None = None,
    clock: Clock | None = None,
) -> DocketPlan:
    """CP-SAT window by window, from ``seed_plan`` (or from nothing) within the budget."""
    budget = Budget.of(time_budget_s, clock) if clock else Budget.of(time_budget_s)
    began = budget.clock()
    compiled = Compiled(problem)
    placements = placements_of(compiled, seed_plan) if seed_plan else {}
    placements, occupancy, stats = improve(compiled, placements, budget, None)
    stats["elapsed_s"] = budget.clock() - began
    return build_plan(FreeIndex(occupancy), placements, "cp_sat", stats)
