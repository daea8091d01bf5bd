"""Booking, rescheduling and cancelling a session: no person or room is ever booked twice.

Each booking holds one claim per required participant and per room. SQLite serialises the
check-and-insert with an immediate transaction; PostgreSQL additionally refuses overlapping
active claims through an exclusion constraint, whatever the number of app workers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from uuid import UUID

from core.audit import record_event
from core.clock import require_aware
from core.crud import is_integrity_error
from core.db import write_transaction
from core.errors import Conflict, RuleViolation
from hearing.jurisdictions.service import jurisdiction_of_case
from hearing.public import service as public_hearing
from hearing.sessions import service as hearing
from hearing.sessions.composition import check_booking_notice
from hearing.sessions.views import SessionView, Venue
from hearing.vocabulary import SessionStatus
from scheduling.availability.busy_time import person_key, room_key
from scheduling.availability.free_time import Availability, open_intervals
from scheduling.availability.service import load_availability
from scheduling.intervals import Interval
from scheduling.invitations.notifications import (
    announces_invitations,
    queue_invitations,
    queue_invitations_for,
)
from scheduling.rooms.service import RoomView, require_room
from scheduling.slots.service import head_counts, required_people
from scheduling.tables import Booking, BookingClaim


def _check_open(availability: Availability, slot: Interval, who: str, field: str) -> None:
    if not any(window.contains(slot) for window in open_intervals(availability.hours, slot)):
        raise RuleViolation(
            f"{who} is not available then (outside working or opening hours)",
            code="outside_working_hours",
            field=field,
            extra={"resource": who},
        )


def _check_free(availability: Availability, slot: Interval, who: str, field: str) -> None:
    if availability.is_busy_during(slot):
        raise Conflict(
            f"{who} is already booked or busy during this time",
            code="slot_taken",
            field=field,
            extra={"resource": who},
        )


def _venue(room: RoomView) -> Venue:
    return Venue(room.id, room.name, room.address, room.timezone, room.public_seats)


async def _check_slot(
    session: SessionView, slot: Interval, room_id: UUID, holidays: Sequence[date]
) -> Venue:
    """The booked room's venue, once the room and every required person are free then."""
    room = await require_room(room_id)
    participants, observers = head_counts(session)
    # Members of the public already holding a seat keep it in the new room.
    observers += await public_hearing.confirmed_observers(session.id)
    if room.capacity < participants:
        raise RuleViolation(
            f"room {room.name} seats {room.capacity}, the session needs {participants}",
            code="room_too_small",
            field="room_id",
        )
    if room.public_seats < observers:
        raise RuleViolation(
            f"room {room.name} has {room.public_seats} public seats "
            f"for {observers} registered observers",
            code="no_public_seats",
            field="room_id",
        )
    claimants = required_people(session)
    loaded = await load_availability(
        claimants,
        slot,
        exclude_session=session.id,
        room_ids=[room_id],
        holidays=holidays,
    )
    room_availability = loaded.rooms[room_id].availability
    _check_open(room_availability, slot, f"room {room.name}", "room_id")
    for index, participant in enumerate(session.participants):
        availability = loaded.people.get(participant.person_id)
        if availability is None or participant.person_id not in claimants:
            continue
        field = f"participants[{index}].person_id"
        _check_open(availability, slot, f"person {participant.person_id}", field)
        _check_free(availability, slot, f"person {participant.person_id}", field)
    _check_free(room_availability, slot, f"room {room.name}", "room_id")
    return _venue(room)


async def _claim(
    session: SessionView,
    slot: Interval,
    room_id: UUID,
    reason: str | None,
    now: datetime,
    expires_at: datetime | None = None,
) -> UUID:
    """Insert the booking and its claims; a claim that overlaps another fails in PostgreSQL."""
    booking = Booking(
        session=session.id,
        room=room_id,
        start_at=slot.start,
        end_at=slot.end,
        status="held" if expires_at else "confirmed",
        reason=reason,
        created_at=now,
        expires_at=expires_at,
    )
    await booking.save()
    keys = [person_key(person_id) for person_id in required_people(session)] + [room_key(room_id)]
    try:
        await BookingClaim.insert(
            *[
                BookingClaim(
                    booking=booking.id,
                    resource_key=key,
                    start_at=slot.start,
                    end_at=slot.end,
                    expires_at=expires_at,
                )
                for key in keys
            ]
        )
    except Exception as exc:
        if is_integrity_error(exc):
            raise Conflict(
                "another booking took this slot a moment ago", code="slot_taken", field="start"
            ) from exc
        raise
    return UUID(str(booking.id))


async def _release(session_id: UUID, new_status: str) -> None:
    bookings = await Booking.select(Booking.id).where(
        (Booking.session == session_id) & Booking.status.is_in(["confirmed", "held"])
    )
    booking_ids = [row["id"] for row in bookings]
    if not booking_ids:
        return
    await BookingClaim.update({BookingClaim.active: False}).where(
        BookingClaim.booking.is_in(booking_ids)
    )
    await Booking.update({Booking.status: new_status}).where(Booking.id.is_in(booking_ids))


async def release_expired_holds(now: datetime) -> None:
    """Free the time of tentative holds that lapsed; their sessions wait for a slot again.

    Runs at the start of every booking transaction, before any claim is inserted, so a lapsed
    hold can never make the exclusion constraint refuse a new booking.
    """
    lapsed = await Booking.select(Booking.id, Booking.session).where(
        (Booking.status == "held") & (Booking.expires_at <= now)
    )
    if not lapsed:
        return
    booking_ids = [row["id"] for row in lapsed]
    await BookingClaim.update({BookingClaim.active: False}).where(
        BookingClaim.booking.is_in(booking_ids)
    )
    await Booking.update({Booking.status: "expired"}).where(Booking.id.is_in(booking_ids))
    await hearing.unplace_held_sessions([row["session"] for row in lapsed])


def _slot(session: SessionView, start: datetime) -> Interval:
    require_aware(start, "start")
    return Interval(start, start + timedelta(minutes=session.duration_minutes))


async def _bookable_session(session_id: UUID) -> SessionView:
    session = await hearing.get_session(session_id)
    hearing.ensure_not_frozen(session)
    if session.status not in (SessionStatus.UNSCHEDULED, SessionStatus.ON_HOLD):
        raise Conflict(
            f"the session is {session.status}; use reschedule to move it",
            code="session_already_booked"
            if session.status == SessionStatus.SCHEDULED
            else "session_not_bookable",
            field="id",
        )
    return session


async def _free_slot_for(
    session_id: UUID, start: datetime, room_id: UUID, now: datetime
) -> tuple[SessionView, Interval, Venue]:
    """Checks shared by holding and booking; drops the session's own earlier hold."""
    await release_expired_holds(now)
    session = await _bookable_session(session_id)
    slot = _slot(session, start)
    jurisdiction = await jurisdiction_of_case(session.case_id)
    check_booking_notice(session.kind, start, now, jurisdiction.rules)
    await hearing.recheck_composition(session, jurisdiction.rules)
    await _release(session_id, "released")
    return session, slot, await _check_slot(session, slot, room_id, jurisdiction.holidays)


async def hold_session(
    session_id: UUID, start: datetime, room_id: UUID, now: datetime, hold_for: timedelta
) -> SessionView:
    """A tentative hold: the slot is blocked for everyone else until it lapses or is booked."""
    async with write_transaction():
        session, slot, venue = await _free_slot_for(session_id, start, room_id, now)
        booking_id = await _claim(session, slot, room_id, None, now, expires_at=now + hold_for)
        await hearing.place_session(
            session_id, slot.start, slot.end, venue, reschedule=False, status=SessionStatus.ON_HOLD
        )
        await record_event(
            "session.held",
            "session",
            session_id,
            {
                "booking_id": str(booking_id),
                "start": start.isoformat(),
                "until": str(now + hold_for),
            },
        )
    return await hearing.get_session(session_id)


async def book_session(
    session_id: UUID, start: datetime, room_id: UUID, now: datetime
) -> SessionView:
    async with write_transaction():
        session, slot, venue = await _free_slot_for(session_id, start, room_id, now)
        booking_id = await _claim(session, slot, room_id, None, now)
        await hearing.place_session(session_id, slot.start, slot.end, venue, reschedule=False)
        # Read back once: what the invitations announce is what the booking answers with.
        booked = await hearing.get_session(session_id)
        await queue_invitations_for(booked, now)
        await record_event(
            "session.booked",
            "session",
            session_id,
            {"booking_id": str(booking_id), "start": start.isoformat(), "room_id": str(room_id)},
        )
    return booked


async def rebook(
    session: SessionView, start: datetime, room_id: UUID, reason: str, now: datetime
) -> UUID:
    """Move the session to a new time, checked like a new booking (the jurisdiction's full
    notice, today's composition rules, free people and room); its SEQUENCE goes up. Inside the
    caller's transaction, which then queues the updated invitations."""
    slot = _slot(session, start)
    jurisdiction = await jurisdiction_of_case(session.case_id)
    check_booking_notice(session.kind, start, now, jurisdiction.rules)
    await hearing.recheck_composition(session, jurisdiction.rules)
    await release_expired_holds(now)
    await _release(session.id, "superseded")
    venue = await _check_slot(session, slot, room_id, jurisdiction.holidays)
    booking_id = await _claim(session, slot, room_id, reason, now)
    await hearing.place_session(session.id, slot.start, slot.end, venue, reschedule=True)
    await public_hearing.move_up_waitlist(session.id, now)
    return booking_id


async def release_time(session_id: UUID) -> None:
    """Free every person's and the room's time the session holds (it waits for a new time)."""
    await _release(session_id, "released")


async def reschedule_session(
    session_id: UUID, start: datetime, room_id: UUID, reason: str, now: datetime
) -> SessionView:
    async with write_transaction():
        session = await hearing.get_session(session_id)
        hearing.ensure_not_frozen(session)
        if session.status != SessionStatus.SCHEDULED:
            raise RuleViolation(
                f"the session is {session.status}: only a scheduled session can be rescheduled",
                code="session_not_scheduled",
                field="id",
            )
        booking_id = await rebook(session, start, room_id, reason, now)
        await queue_invitations(session_id, now, reason=reason)
        await record_event(
            "session.rescheduled",
            "session",
            session_id,
            {"booking_id": str(booking_id), "start": start.isoformat(), "reason": reason},
        )
    return await hearing.get_session(session_id)


async def cancel_session(session_id: UUID, reason: str, now: datetime) -> SessionView:
    async with write_transaction():
        session = await hearing.get_session(session_id)
        hearing.ensure_not_frozen(session)
        if session.status == SessionStatus.CANCELLED:
            raise Conflict("the session is already cancelled", code="session_cancelled", field="id")
        if session.status == SessionStatus.COMPLETED:
            raise RuleViolation(
                "a completed session cannot be cancelled", code="session_completed", field="id"
            )
        await public_hearing.tell_observers(session_id, "cancelled", reason, now)
        await _release(session_id, "cancelled")
        await hearing.mark_cancelled(session_id, reason)
        if announces_invitations(session.status):
            await queue_invitations(session_id, now, reason=reason)
        await record_event("session.cancelled", "session", session_id, {"reason": reason})
    return await hearing.get_session(session_id)


async def remove_participant(session_id: UUID, person_id: UUID, now: datetime) -> SessionView:
    """Take someone off a session and free their time; they get a cancellation of their own."""
    async with write_transaction():
        await hearing.mark_participant_removed(session_id, person_id)
        await release_removed_people(session_id, [person_id], now)
    return await hearing.get_session(session_id)


async def release_removed_people(
    session_id: UUID, person_ids: Sequence[UUID], now: datetime
) -> None:
    """People hearing already took off the session (removed, or recused from the panel) leave
    its booking too: their claims on the time end, each gets a cancellation of their own and
    everyone else the updated invitation. Runs inside the caller's transaction."""
    session = await hearing.get_session(session_id)
    bookings = await Booking.select(Booking.id).where(
        (Booking.session == session_id) & Booking.status.is_in(["confirmed", "held"])
    )
    for person_id in person_ids:
        if announces_invitations(session.status):
            await queue_invitations(session_id, now, removed=person_id)
        if bookings:
            await BookingClaim.update({BookingClaim.active: False}).where(
                BookingClaim.booking.is_in([row["id"] for row in bookings])
                & (BookingClaim.resource_key == person_key(person_id))
            )
