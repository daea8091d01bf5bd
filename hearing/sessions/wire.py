"""The session as every endpoint answers with it, booking and invitation endpoints included.

Scheduling's controllers answer with the session they booked or changed; they take this wire type
from here rather than from hearing's controllers, which no other package imports.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from hearing.sessions.views import SessionView


class ParticipantRead(msgspec.Struct):
    person_id: UUID
    role: str
    required: bool
    partstat: str


class SessionRead(msgspec.Struct):
    id: UUID
    kind: str
    case_id: UUID
    title: str
    duration_minutes: int
    locale: str
    status: str
    sequence: int
    participants: list[ParticipantRead]
    start: datetime | None = None
    end: datetime | None = None
    room_id: UUID | None = None
    cancel_reason: str | None = None
    removed: list[ParticipantRead] = msgspec.field(default_factory=list)
    #: The action item this session follows up.
    follow_up_of: UUID | None = None


def session_read(session: SessionView) -> SessionRead:
    return msgspec.convert(session, SessionRead, from_attributes=True)
