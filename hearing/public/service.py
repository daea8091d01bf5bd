"""Use cases for the public side of a public hearing: its notice and observer registration.

No one logs in here. Seats are counted with the session's row locked: SQLite's write
transaction holds the database's write lock from its start, PostgreSQL locks the session row
(``SELECT ... FOR UPDATE``), so two registrations for the last seat are counted one after the
other and exactly one of them gets it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from core.audit import record_event
from core.db import lock_row, write_transaction
from core.errors import Conflict, NotFound
from core.outbox.service import queue_message
from core.settings import get_settings
from hearing.cases.service import get_case
from hearing.public.mail import Sender, compose_called_off, compose_seat_confirmed
from hearing.public.notice import NoticeFacts, Place, PublicNotice, public_notice
from hearing.public.seating import (
    ObserverStatus,
    is_public,
    moving_up,
    seats_for_registration,
    status_on_registering,
)
from hearing.sessions.service import get_session
from hearing.sessions.views import SessionView
from hearing.tables import Observer, Session
from hearing.vocabulary import SessionStatus
from parties.people import service as people

#: The per-address throttle's group of observer registrations, by the API or the page alike.
OBSERVER_REGISTRATION = "observer_registration"


@dataclass(frozen=True)
class ObserverView:
    id: UUID
    status: str
    #: Only in the answer to the registration itself: the database keeps its hash alone.
    cancel_token: str | None = None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _no_notice(session_id: UUID) -> NotFound:
    return NotFound(
        f"session {session_id} has no public notice", code="notice_not_found", field="id"
    )


async def _notice_of(session: SessionView) -> PublicNotice:
    """The notice of a booked public hearing (the caller checked that it is one)."""
    venue = session.venue
    assert venue is not None and session.start is not None and session.end is not None
    case = await get_case(session.case_id)
    everyone = [p.person_id for p in (*session.participants, *session.removed)]
    names = tuple(person.name for person in (await people.get_people(everyone)).values())
    confirmed = await _confirmed_count(session.id)
    facts = NoticeFacts(
        title=session.title,
        matter=case.title,
        locale=session.locale,
        start=session.start,
        end=session.end,
        timezone=venue.timezone,
        place=Place(venue.name, venue.address),
        public_seats=venue.public_seats,
        confirmed=confirmed,
        names=names,
    )
    register_url = f"{get_settings().public_url}/api/v1/sessions/{session.id}/observers"
    return public_notice(facts, register_url)


async def notice_of(session_id: UUID) -> PublicNotice:
    """The public notice of a booked public hearing; any other session has none (404)."""
    try:
        session = await get_session(session_id)
    except NotFound as exc:
        raise _no_notice(session_id) from exc
    case = await get_case(session.case_id)
    booked = session.status == SessionStatus.SCHEDULED and session.venue is not None
    if not booked or not is_public(session.kind, case.confidentiality):
        raise _no_notice(session_id)
    return await _notice_of(session)


async def _count(session_id: UUID, status: ObserverStatus) -> int:
    found = await Observer.count().where(
        (Observer.session == session_id) & (Observer.status == status.value)
    )
    return int(found)


async def _confirmed_count(session_id: UUID) -> int:
    return await _count(session_id, ObserverStatus.CONFIRMED)


async def confirmed_observers(session_id: UUID) -> int:
    """How many observers hold a seat (for booking: a new room must seat them all)."""
    return await _confirmed_count(session_id)


async def _check_not_registered(session_id: UUID, email: str) -> None:
    if await Observer.exists().where(
        (Observer.session == session_id)
        & (Observer.status != ObserverStatus.CANCELLED.value)
        & (Observer.email == email)
    ):
        raise Conflict(
            "this email is already registered for the hearing",
            code="already_registered",
            field="email",
        )


async def _next_queue_number(session_id: UUID) -> int:
    last = (
        await Observer.select(Observer.queue_number)
        .where(Observer.session == session_id)
        .order_by(Observer.queue_number, ascending=False)
        .first()
    )
    return int(last["queue_number"]) + 1 if last else 1


async def register_observer(session_id: UUID, name: str, email: str, now: datetime) -> ObserverView:
    """Register a member of the public: a seat while one is free, else the waiting list."""
    # One registration per address, however it is capitalised.
    email = email.strip().lower()
    async with write_transaction():
        await lock_row(Session, session_id)
        session = await get_session(session_id)
        case = await get_case(session.case_id)
        venue = session.venue
        seats = seats_for_registration(
            session.kind,
            case.confidentiality,
            session.status,
            session.start,
            venue.public_seats if venue else None,
            now,
        )
        await _check_not_registered(session_id, email)
        await _move_up_waitlist(session, now)
        confirmed = await _confirmed_count(session_id)
        waiting = await _count(session_id, ObserverStatus.WAITLISTED)
        status = status_on_registering(seats, confirmed, waiting)
        token = secrets.token_urlsafe(32)
        observer = Observer(
            session=session_id,
            queue_number=await _next_queue_number(session_id),
            name=name,
            email=email,
            status=status.value,
            cancel_token_sha256=_token_hash(token),
            registered_at=now,
        )
        await observer.save()
        await record_event(
            "session.observer_registered",
            "session",
            session_id,
            {"observer_id": str(observer.id), "status": status.value},
        )
    return ObserverView(observer.id, status.value, token)


async def cancel_registration(
    session_id: UUID, observer_id: UUID, cancel_token: str, now: datetime
) -> ObserverView:
    """Cancel with the registrant's token; a freed seat goes to the first on the waiting list,
    who is told by email. A wrong token is as unknown as a wrong id."""
    async with write_transaction():
        await lock_row(Session, session_id)
        row = (
            await Observer.select(Observer.status, Observer.cancel_token_sha256)
            .where((Observer.id == observer_id) & (Observer.session == session_id))
            .first()
        )
        if row is None or not hmac.compare_digest(
            row["cancel_token_sha256"], _token_hash(cancel_token)
        ):
            raise NotFound(
                "no registration with this id and token", code="observer_not_found", field="id"
            )
        if row["status"] == ObserverStatus.CANCELLED:
            raise Conflict(
                "this registration is already cancelled", code="registration_cancelled", field="id"
            )
        await Observer.update(
            {Observer.status: ObserverStatus.CANCELLED.value, Observer.cancelled_at: now}
        ).where(Observer.id == observer_id)
        await record_event(
            "session.observer_cancelled", "session", session_id, {"observer_id": str(observer_id)}
        )
        await _move_up_waitlist(await get_session(session_id), now)
    return ObserverView(observer_id, ObserverStatus.CANCELLED.value)


async def tell_observers(session_id: UUID, how: str, reason: str, now: datetime) -> None:
    """Email every observer still registered that the hearing is ``how`` (cancelled,
    postponed or suspended), inside the caller's transaction, before its time is freed."""
    session = await get_session(session_id)
    if session.venue is None or session.start is None or session.end is None:
        return
    registered = await Observer.select(Observer.id, Observer.name, Observer.email).where(
        (Observer.session == session_id)
        & Observer.status.is_in([ObserverStatus.CONFIRMED.value, ObserverStatus.WAITLISTED.value])
    )
    if not registered:
        return
    notice = await _notice_of(session)
    settings = get_settings()
    sender = Sender(settings.organizer_name, settings.sender_address)
    for row in registered:
        message = compose_called_off(
            notice, row["name"], row["email"], session.locale, how, reason, sender, now
        )
        await queue_message(
            message,
            recipient=row["email"],
            topic=f"observer.{how}",
            entity_id=session_id,
            # A hearing can be postponed more than once: each time is news.
            dedupe_key=f"observer-{how}:{row['id']}:{session.sequence}",
            now=now,
        )


async def move_up_waitlist(session_id: UUID, now: datetime) -> None:
    """Give free seats to those waiting, in order, and email them (inside the caller's
    transaction; booking calls it when a session moves to a room with more public seats)."""
    await lock_row(Session, session_id)
    await _move_up_waitlist(await get_session(session_id), now)


async def _move_up_waitlist(session: SessionView, now: datetime) -> None:
    if session.status != SessionStatus.SCHEDULED or session.venue is None:
        return
    waiting = (
        await Observer.select(Observer.id, Observer.name, Observer.email)
        .where(
            (Observer.session == session.id) & (Observer.status == ObserverStatus.WAITLISTED.value)
        )
        .order_by(Observer.queue_number)
    )
    promoted = moving_up(
        session.venue.public_seats,
        await _confirmed_count(session.id),
        [str(row["id"]) for row in waiting],
    )
    if not promoted:
        return
    await Observer.update({Observer.status: ObserverStatus.CONFIRMED.value}).where(
        Observer.id.is_in([UUID(observer_id) for observer_id in promoted])
    )
    notice = await _notice_of(session)
    settings = get_settings()
    sender = Sender(settings.organizer_name, settings.sender_address)
    for row in (row for row in waiting if str(row["id"]) in promoted):
        message = compose_seat_confirmed(
            notice, row["name"], row["email"], session.locale, sender, now
        )
        await queue_message(
            message,
            recipient=row["email"],
            topic="observer.seat_confirmed",
            entity_id=session.id,
            dedupe_key=f"observer-seat:{row['id']}",
            now=now,
        )
        await record_event(
            "session.observer_confirmed", "session", session.id, {"observer_id": str(row["id"])}
        )
