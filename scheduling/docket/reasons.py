"""Docket planning, reasons: why a session was left unplaced, in the most specific words."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from scheduling.docket.compiled import Compiled
from scheduling.docket.free_index import FreeIndex
from scheduling.docket.problem import DocketSession
from scheduling.intervals import duration_us

BUDGET_RAN_OUT = "the time budget ran out before this session was tried"


def _minutes(length_us: int) -> str:
    return f"{length_us / 60_000_000:g} minutes"


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


def capacity_reason(index: FreeIndex, session: int) -> str:
    """Why a session with feasible starts found none free: what blocks its starts most often
    (a person's placed sessions, a person's daily maximum, or the rooms)."""
    compiled = index.compiled
    feasible, duration = compiled.feasible[session], compiled.durations[session]
    people, rooms = compiled.people[session], compiled.suitable[session]
    maximum = compiled.problem.max_sessions_per_day
    blockers: Counter[str] = Counter()
    left = 0
    for window in compiled.window_range(feasible):
        starts = compiled.window_bits(feasible, window)
        if not starts:
            continue
        unbooked = starts
        for person in people:
            own = index.unbooked(person, duration, window)
            blockers[f"person {person.id}"] += (starts & ~own).bit_count()
            unbooked &= own
        for person in people:
            closed = unbooked & ~index.open_days(person, window)
            blockers[f"the daily maximum of {maximum} sessions of person {person.id}"] += (
                closed.bit_count()
            )
            unbooked &= ~closed
        no_room = unbooked & ~index.rooms_free(rooms, duration, window)
        blockers[f"rooms fitting {_room_kind(compiled.sessions[session])}"] += no_room.bit_count()
        left += (unbooked & ~no_room).bit_count()
    if left:
        return "the time budget ran out before this session was placed (free starts remain)"
    most = max(blockers.items(), key=lambda item: item[1])[0] if blockers else "nothing"
    return (
        f"capacity exhausted: every feasible start ({feasible.bit_count()}) conflicts with "
        f"other placed sessions (most often: {most})"
    )
