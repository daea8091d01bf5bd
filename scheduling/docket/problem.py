"""Docket planning, inputs and outputs: the sessions to place, the problem, the plan.

The planners live in ``scheduling.docket.greedy`` and ``scheduling.docket.cp_sat``;
``scheduling.docket.planner`` combines them and re-exports the public names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType

from core.clock import require_aware
from core.errors import RuleViolation
from scheduling.availability.free_time import Availability
from scheduling.slots.query import Attendee, Room

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
    """Placements, unplaced sessions with their reasons, and ``upper_bound``: at most how
    many sessions any plan of the problem could place (``docket.bound``; None for a plan
    made by hand)."""

    placed: tuple[Placement, ...]
    unplaced: tuple[Unplaced, ...]
    strategy: str
    stats: Mapping[str, float] = field(default_factory=dict)
    upper_bound: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "stats", MappingProxyType(dict(self.stats)))


def _violation(message: str, code: str, field: str) -> RuleViolation:
    return RuleViolation(message, code=code, field=field)


def _validate_problem(problem: DocketProblem) -> None:
    for name in ("not_before", "not_after", "now"):
        require_aware(getattr(problem, name), name)
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
