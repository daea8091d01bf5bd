"""Docket planning, greedy: first fit, most constrained session (fewest feasible starts) first.

Also the reasons given for unplaced sessions and the assembly of a ``DocketPlan``, which
every strategy shares.
"""

from __future__ import annotations

import time as clock
from collections import Counter
from collections.abc import Mapping
from datetime import timedelta

from scheduling.docket.compiled import Compiled, Occupancy
from scheduling.docket.problem import DocketPlan, DocketProblem, DocketSession, Placement, Unplaced
from scheduling.intervals import duration_us, from_us


def _minutes(length_us: int) -> str:
    return f"{length_us / 60_000_000:g} minutes"


# Reasons ---------------------------------------------------------------------------------


def _room_kind(session: DocketSession) -> str:
    kind = f"{session.head_count} participants"
    if session.observer_seats:
        kind += f" and {session.observer_seats} observers"
    if session.required_features:
        kind += f" / features {', '.join(sorted(session.required_features))}"
    return kind


def static_reason(compiled: Compiled, index: int) -> str | None:
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


def greedy_order(compiled: Compiled) -> list[int]:
    """Most constrained first (fewest feasible starts), ties by id, for determinism."""
    return sorted(
        range(len(compiled.sessions)),
        key=lambda i: (compiled.feasible[i].bit_count(), compiled.sessions[i].id),
    )


def fill(occupancy: Occupancy, placements: PlacementMap) -> int:
    """First fit for every session not placed yet, in greedy order; how many were placed."""
    count = 0
    for index in greedy_order(occupancy.compiled):
        found = None if index in placements else first_fit(occupancy, index)
        if found is not None:
            placements[index] = found
            occupancy.add(index, *found)
            count += 1
    return count


def greedy_placements(compiled: Compiled) -> tuple[PlacementMap, Occupancy]:
    occupancy = Occupancy(compiled)
    placements: PlacementMap = {}
    fill(occupancy, placements)
    return placements, occupancy


def build_plan(
    compiled: Compiled,
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
    compiled = Compiled(problem)
    placements, occupancy = greedy_placements(compiled)
    elapsed = clock.perf_counter() - began
    return build_plan(compiled, placements, occupancy, "greedy", {"elapsed_s": elapsed})
