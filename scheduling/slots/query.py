"""What a slot search is asked (SlotQuery, attendees, rooms) and what it answers (slots)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from core.clock import require_aware
from core.errors import RuleViolation
from scheduling.availability.free_time import Availability


@dataclass(frozen=True)
class Attendee:
    availability: Availability
    required: bool = True

    @property
    def id(self) -> str:
        return self.availability.id


@dataclass(frozen=True)
class Room:
    availability: Availability
    capacity: int
    public_seats: int = 0
    features: frozenset[str] = frozenset()

    @property
    def id(self) -> str:
        return self.availability.id


@dataclass(frozen=True)
class SlotQuery:
    """What to look for. Slots lie wholly inside ``[not_before, not_after)``."""

    duration: timedelta
    not_before: datetime
    not_after: datetime
    now: datetime
    notice: timedelta = timedelta(0)
    grid: timedelta = timedelta(minutes=15)
    buffer_before: timedelta = timedelta(0)
    buffer_after: timedelta = timedelta(0)
    head_count: int = 0
    observer_seats: int = 0
    required_features: frozenset[str] = frozenset()
    max_sessions_per_day: int | None = None
    limit: int = 20

    def __post_init__(self) -> None:
        _validate_query(self)

    @property
    def earliest_start(self) -> datetime:
        """``max(not_before, now + notice)``, the notice counted in elapsed (UTC) time."""
        return max(self.not_before, self.now.astimezone(UTC) + self.notice)

    def suits(self, room: Room) -> bool:
        return self.fits(room.capacity, room.public_seats, room.features)

    def fits(self, capacity: int, public_seats: int, features: frozenset[str]) -> bool:
        """Whether a room of this size and equipment can host the session."""
        return (
            capacity >= self.head_count
            and public_seats >= self.observer_seats
            and self.required_features <= features
        )


def _violation(message: str, code: str, field: str) -> RuleViolation:
    return RuleViolation(message, code=code, field=field)


def _validate_query(query: SlotQuery) -> None:
    for name in ("not_before", "not_after", "now"):
        require_aware(getattr(query, name), name)
    if query.not_after <= query.not_before:
        raise _violation("not_after must be later than not_before.", "invalid_window", "not_after")
    if query.duration <= timedelta(0):
        raise _violation("The duration must be positive.", "invalid_duration", "duration")
    if query.grid <= timedelta(0):
        raise _violation("The slot grid must be positive.", "invalid_grid", "grid")
    for name in ("notice", "buffer_before", "buffer_after"):
        if getattr(query, name) < timedelta(0):
            raise _violation(f"{name} cannot be negative.", f"negative_{name}", name)
    for name in ("head_count", "observer_seats"):
        if getattr(query, name) < 0:
            raise _violation(f"{name} cannot be negative.", f"negative_{name}", name)
    if query.max_sessions_per_day is not None and query.max_sessions_per_day < 1:
        raise _violation(
            "max_sessions_per_day must be at least 1.",
            "invalid_max_sessions",
            "max_sessions_per_day",
        )
    if query.limit < 1:
        raise _violation("limit must be at least 1.", "invalid_limit", "limit")


@dataclass(frozen=True)
class Slot:
    """A start everybody required (and a room, when asked) can make.

    ``fragmentation`` counts the slivers (see scheduling.slots.fragmentation) the slot leaves in the
    days of the people who come and of its room: 0 is the tidiest fit.
    """

    start: datetime
    end: datetime
    room_id: str | None
    missing_optional: tuple[str, ...]
    fragmentation: int = 0


@dataclass(frozen=True)
class SlotSearchResult:
    slots: tuple[Slot, ...]
    reason: str | None = None
    blocking: tuple[str, ...] = ()
    nearest_outside: Slot | None = None
