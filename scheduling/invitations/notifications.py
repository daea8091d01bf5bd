"""Queuing the emails that announce sessions, and the worker that sends them.

Invitations are queued inside the booking change's own transaction (see booking_service), one
per recipient and SEQUENCE, so the same version is never queued twice. Reminders are queued by
the worker when their moment comes, one per recipient, reminder and start time.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from core.db import write_transaction
from core.outbox.mailer import SmtpMailer
from core.outbox.service import (
    DeliveryReport,
    Outgoing,
    Send,
    deliver_due,
    queue_message,
    queue_messages,
    queued_keys,
)
from core.settings import get_settings
from hearing.sessions import service as hearing
from hearing.sessions.views import SessionParticipantView, SessionView
from hearing.vocabulary import PartStat, SessionStatus
from scheduling.invitations.mail import (
    Announcement,
    Sender,
    compose_invitation,
    compose_reminder,
)
from scheduling.invitations.reminders import REMINDER_DAYS, days_left, due_reminder
from scheduling.invitations.service import (
    invitation_event,
    invitation_text,
    load_invitation_context,
    mail_facts,
)
from scheduling.tables import Booking

logger = logging.getLogger(__name__)


_INTERRUPTIONS = {
    SessionStatus.POSTPONED: Announcement.POSTPONED,
    SessionStatus.SUSPENDED: Announcement.SUSPENDED,
}


def announcement_for(status: str, sequence: int, *, removed: bool) -> Announcement:
    """What a participant's email announces about a session in ``status``; ``removed``: they
    were just taken off it."""
    if status == SessionStatus.CANCELLED:
        return Announcement.CANCELLED
    if removed:
        return Announcement.REMOVED
    interruption = _INTERRUPTIONS.get(SessionStatus(status))
    if interruption is not None:
        return interruption
    return Announcement.UPDATED if sequence else Announcement.NEW


def _sender() -> Sender:
    settings = get_settings()
    return Sender(settings.organizer_name, settings.sender_address)


async def queue_invitations(
    session_id: UUID, now: datetime, *, removed: UUID | None = None, reason: str | None = None
) -> int:
    """Queue the session's current invitation (or cancellation: cancelled, postponed or
    suspended) for every participant, and a cancellation for ``removed``; call inside the
    transaction that changed the session."""
    session = await hearing.get_session(session_id)
    return await queue_invitations_for(session, now, removed=removed, reason=reason)


async def queue_invitations_for(
    session: SessionView,
    now: datetime,
    *,
    removed: UUID | None = None,
    reason: str | None = None,
) -> int:
    """``queue_invitations`` for the session as the caller has just read it back, changed."""
    context = await load_invitation_context([session])
    recipients = [
        *session.participants,
        *(p for p in session.removed if p.person_id == removed),
    ]
    outgoing = []
    for participant in recipients:
        if participant.person_id not in context.people:
            continue
        event = invitation_event(session, participant.person_id, context)
        announcement = announcement_for(
            session.status, session.sequence, removed=participant.person_id == removed
        )
        message = compose_invitation(
            mail_facts(session, participant, context, reason),
            announcement,
            invitation_text(event, now),
            _sender(),
            now,
        )
        outgoing.append(
            Outgoing(
                message,
                recipient=context.people[participant.person_id].email,
                topic=f"invitation.{announcement}",
                entity_id=session.id,
                dedupe_key=f"invitation:{session.id}:{participant.person_id}:{session.sequence}",
            )
        )
    return await queue_messages(outgoing, now)


def _reminder_key(session: SessionView, person_id: UUID, days: int) -> str:
    assert session.start is not None
    start = session.start.astimezone(UTC).isoformat()
    return f"reminder:{session.id}:{person_id}:{days}:{start}"


async def queue_due_reminders(now: datetime) -> int:
    """Queue the reminders whose moment has come (7, 3 and 1 days before), each once."""
    sessions = await hearing.scheduled_sessions_starting(
        now, now + timedelta(days=max(REMINDER_DAYS), minutes=1)
    )
    if not sessions:
        return 0
    bookings = await Booking.select(Booking.session, Booking.created_at).where(
        Booking.session.is_in([s.id for s in sessions]) & (Booking.status == "confirmed")
    )
    booked_at = {row["session"]: row["created_at"] for row in bookings}
    due: list[tuple[SessionView, int]] = []
    for session in sessions:
        assert session.start is not None
        days = due_reminder(session.start, booked_at.get(session.id, session.start), now)
        if days is not None:
            due.append((session, days))
    # Every poll sees the same due reminders until the next moment: compose only new ones.
    already = await queued_keys(
        _reminder_key(session, p.person_id, days)
        for session, days in due
        for p in _reminded(session)
    )
    queued = 0
    for session, days in due:
        waiting = [
            p
            for p in _reminded(session)
            if _reminder_key(session, p.person_id, days) not in already
        ]
        if waiting:
            async with write_transaction():
                queued += await _queue_reminders(session, waiting, days, now)
    return queued


def _reminded(session: SessionView) -> list[SessionParticipantView]:
    """Who is reminded: everyone but those who said they will not come."""
    return [p for p in session.participants if p.partstat != PartStat.DECLINED]


async def _queue_reminders(
    session: SessionView,
    participants: list[SessionParticipantView],
    days: int,
    now: datetime,
) -> int:
    context = await load_invitation_context([session])
    queued = 0
    for participant in participants:
        if participant.person_id not in context.people:
            continue
        facts = mail_facts(session, participant, context, None)
        lead = days_left(facts.start, now, facts.timezone)
        message = compose_reminder(facts, lead, _sender(), now)
        queued += await queue_message(
            message,
            recipient=context.people[participant.person_id].email,
            topic="reminder",
            entity_id=session.id,
            dedupe_key=_reminder_key(session, participant.person_id, days),
            now=now,
        )
    return queued


@dataclass(frozen=True)
class NotificationRound:
    reminders_queued: int
    delivery: DeliveryReport


async def run_notifications(send: Send, now: datetime) -> NotificationRound:
    """One round of the worker: queue due reminders, then send what is due."""
    reminders = await queue_due_reminders(now)
    report = await deliver_due(send, now, max_attempts=get_settings().outbox_max_attempts)
    return NotificationRound(reminders, report)


async def run_notifications_forever(interval: timedelta) -> None:
    """The background worker; every app worker may run it, claims keep sends single."""
    send = SmtpMailer(get_settings()).send
    while True:
        try:
            await run_notifications(send, datetime.now(UTC))
        except Exception:
            logger.exception("sending notifications failed; trying again later")
        await asyncio.sleep(interval.total_seconds())


def announces_invitations(status: str) -> bool:
    """Only a scheduled session (or one postponed or suspended since) has sent invitations
    that later changes must follow."""
    return status in (SessionStatus.SCHEDULED, SessionStatus.POSTPONED, SessionStatus.SUSPENDED)
