"""Postponing (延期), suspending (中止) and resuming a session, with the booking that goes with it.

Hearing keeps the grounds in the session's record and refuses record writes meanwhile; this
side frees the session's time when it is interrupted and tells every participant at once (a
CANCEL of the old time, with a higher SEQUENCE, saying why and that a new time will follow),
and on resumption books the new time like a reschedule (a public hearing needs the
jurisdiction's full notice again) and sends the updated invitations, which re-create the event
under the same UID. Each use case is one transaction.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from core.access import Viewer
from core.audit import record_event
from core.db import write_transaction
from hearing.proceedings.procedure import InterruptionKind
from hearing.proceedings.steps import service as proceedings
from hearing.public import service as public_hearing
from hearing.sessions import service as hearing
from hearing.sessions.views import SessionView
from scheduling.booking.service import rebook, release_time
from scheduling.invitations.notifications import queue_invitations


async def _interrupt(
    viewer: Viewer, session_id: UUID, kind: InterruptionKind, reason: str, now: datetime
) -> SessionView:
    async with write_transaction():
        session = await proceedings.interrupt_session(viewer, session_id, kind, reason, now)
        await release_time(session_id)
        await queue_invitations(session_id, now, reason=reason.strip())
        await public_hearing.tell_observers(session_id, kind.value, reason.strip(), now)
    return session


async def postpone_session(
    viewer: Viewer, session_id: UUID, reason: str, now: datetime
) -> SessionView:
    """Put the session off before it starts; its time is freed until it is resumed."""
    return await _interrupt(viewer, session_id, InterruptionKind.POSTPONED, reason, now)


async def suspend_session(
    viewer: Viewer, session_id: UUID, reason: str, now: datetime
) -> SessionView:
    """Halt the session while it runs; the procedure keeps its state until it is resumed."""
    return await _interrupt(viewer, session_id, InterruptionKind.SUSPENDED, reason, now)


async def resume_session(
    viewer: Viewer, session_id: UUID, start: datetime, room_id: UUID, now: datetime
) -> SessionView:
    """Book the new time with new notice and updated invitations (a new SEQUENCE); the
    procedure continues from the step where it stopped."""
    async with write_transaction():
        session, interruption = await proceedings.resumable_session(viewer, session_id)
        reason = f"resumed after being {interruption.kind.value}: {interruption.reason}"
        booking_id = await rebook(session, start, room_id, reason, now)
        await proceedings.record_resumed(session_id, now)
        await queue_invitations(session_id, now, reason=interruption.reason)
        await record_event(
            "session.resumed",
            "session",
            session_id,
            {"booking_id": str(booking_id), "start": start.isoformat(), "room_id": str(room_id)},
        )
    return await hearing.get_session(session_id)
