"""What other packages read of a session: typed, frozen views (never table rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from hearing.sessions.record_window import SessionMoment


@dataclass(frozen=True)
class SessionParticipantView:
    person_id: UUID
    role: str
    required: bool
    partstat: str


@dataclass(frozen=True)
class Venue:
    """The booked room, copied onto the session by booking (and again by a reschedule):
    rooms belong to scheduling, which hearing cannot read, and the public notice and observer
    seats are answered from the session alone."""

    room_id: UUID
    name: str
    address: str
    timezone: str
    public_seats: int


@dataclass(frozen=True)
class SessionView:
    id: UUID
    kind: str
    case_id: UUID
    title: str
    duration_minutes: int
    locale: str
    status: str
    sequence: int
    start: datetime | None
    end: datetime | None
    room_id: UUID | None
    participants: tuple[SessionParticipantView, ...] = field(default_factory=tuple)
    agenda: tuple[str, ...] = ()
    cancel_reason: str | None = None
    #: People taken off the session; each is owed a cancellation of their own.
    removed: tuple[SessionParticipantView, ...] = ()
    #: The action item this session was booked to follow up, if any.
    follow_up_of: UUID | None = None
    #: When the minutes were sealed, which froze the session.
    minutes_sealed_at: datetime | None = None

    @property
    def moment(self) -> SessionMoment:
        return SessionMoment(self.status, self.start, self.minutes_sealed_at)

    #: None until the session is placed in a room.
    venue: Venue | None = None


@dataclass(frozen=True)
class ParticipantRequest:
    person_id: UUID
    role: str
    required: bool = True
