"""Use cases for sessions: composing, reading, and the state scheduling changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID

from core.access import Viewer
from core.audit import record_event
from core.db import write_transaction
from core.errors import NotFound, RuleViolation
from hearing.cases.service import get_case
from hearing.jurisdictions.rules import JurisdictionRules
from hearing.jurisdictions.service import rules_for_case
from hearing.sessions.composition_check import check_session_composition
from hearing.sessions.record_window import check_not_sealed, check_record_window
from hearing.sessions.session_rows import (
    EVERY_SESSION,
    every_session,
    participants_by_session,
    session_page,
    session_rows_by_id,
    session_view,
)
from hearing.sessions.session_rows import SessionFilter as SessionFilter  # callers filter by it
from hearing.sessions.views import ParticipantRequest, SessionView, Venue
from hearing.tables import Session, SessionParticipant
from hearing.vocabulary import ParticipantRole, PartStat, SessionStatus


async def create_session(
    kind: str,
    case_id: UUID,
    title: str,
    duration_minutes: int,
    locale: str,
    participants: list[ParticipantRequest],
    agenda: list[str],
    now: datetime,
) -> SessionView:
    async with write_transaction():
        try:
            case = await get_case(case_id)
        except NotFound as exc:
            raise NotFound(str(exc), code="case_not_found", field="case_id") from exc
        await check_session_composition(kind, case, participants)
        session = Session(
            kind=kind,
            case=case_id,
            title=title,
            duration_minutes=duration_minutes,
            locale=locale,
            status=SessionStatus.UNSCHEDULED.value,
            agenda=agenda,
            created_at=now,
        )
        await session.save()
        await SessionParticipant.insert(
            *[
                SessionParticipant(
                    session=session.id,
                    person=request.person_id,
                    role=request.role,
                    required=request.required,
                    partstat=PartStat.NEEDS_ACTION.value,
                )
                for request in participants
            ]
        )
        await record_event("session.created", "session", session.id, {"kind": kind})
    return await get_session(session.id)


def session_not_found(session_id: UUID) -> NotFound:
    """The 404 for a session that is missing, or that the viewer may not see: the same one."""
    return NotFound(f"no session with id {session_id}", code="session_not_found", field="id")


async def get_session(session_id: UUID) -> SessionView:
    """A session by id, for use cases that already decided access (no viewer check)."""
    session = await session_rows_by_id(session_id)
    if session is None:
        raise session_not_found(session_id)
    return session


async def sessions_by_id(session_ids: Sequence[UUID]) -> dict[UUID, SessionView]:
    """The sessions among ``session_ids`` that exist, by id, for use cases that already
    decided access: one query for the sessions and one for their participants, however many
    sessions the database holds (at most about 30,000 ids: the engines' parameter limits)."""
    wanted = list(dict.fromkeys(session_ids))
    if not wanted:
        return {}
    rows = await Session.select().where(Session.id.is_in(wanted)).output(load_json=True)
    participants = await participants_by_session([row["id"] for row in rows])
    return {row["id"]: session_view(row, participants[row["id"]]) for row in rows}


async def unscheduled_session_ids(limit: int) -> list[UUID]:
    """The ids of up to ``limit`` unscheduled sessions, oldest first (one query)."""
    rows = (
        await Session.select(Session.id)
        .where(Session.status == SessionStatus.UNSCHEDULED.value)
        .order_by(Session.created_at)
        .limit(limit)
    )
    return [row["id"] for row in rows]


def may_see(viewer: Viewer, session: SessionView) -> bool:
    """Staff see every session; participants only those they take part in; archivists none."""
    person_id = viewer.participant_person_id
    return viewer.is_staff or any(p.person_id == person_id for p in session.participants)


async def get_session_for(viewer: Viewer, session_id: UUID) -> SessionView:
    """A session as ``viewer`` may see it; someone else's is as unknown as a missing one."""
    session = await get_session(session_id)
    if not may_see(viewer, session):
        raise session_not_found(session_id)
    return session


async def find_sessions(
    limit: int, offset: int, found_by: SessionFilter = EVERY_SESSION
) -> tuple[list[SessionView], int]:
    """Sessions matching ``found_by``, for use cases that already decided access."""
    return await session_page(limit, offset, found_by)


async def list_sessions(
    viewer: Viewer, limit: int, offset: int, found_by: SessionFilter = EVERY_SESSION
) -> tuple[list[SessionView], int]:
    """The sessions ``viewer`` may see: a non-staff viewer's own, whatever person they ask for."""
    if not viewer.is_staff:
        # An account bound to no person, or an archivist's, takes part in nothing.
        found_by = replace(found_by, person_id=viewer.participant_person_id or UUID(int=0))
    return await find_sessions(limit, offset, found_by)


async def share_a_session(person_id: UUID, other_id: UUID) -> bool:
    """Both take part in one session, neither taken off it nor a public observer there: then
    one may know who the other is (the public sees nobody, and nobody sees the public)."""
    active = (SessionParticipant.removed == False) & (  # noqa: E712
        SessionParticipant.role != ParticipantRole.OBSERVER
    )
    rows = await SessionParticipant.select(SessionParticipant.session).where(
        active & (SessionParticipant.person == person_id)
    )
    sessions = [row["session"] for row in rows]
    if not sessions:
        return False
    return await SessionParticipant.exists().where(
        active
        & (SessionParticipant.person == other_id)
        & SessionParticipant.session.is_in(sessions)
    )


async def sessions_of_person(person_id: UUID) -> list[SessionView]:
    """Every session a person takes part in, scheduled or cancelled (for calendar feeds)."""
    sessions = await every_session(SessionFilter(person_id=person_id))
    return [
        session
        for session in sessions
        if session.start is not None and session.status != SessionStatus.ON_HOLD
    ]


async def scheduled_sessions_starting(after: datetime, before: datetime) -> list[SessionView]:
    """Scheduled sessions whose start lies in [after, before) (for reminders)."""
    rows = (
        await Session.select()
        .where(
            (Session.status == SessionStatus.SCHEDULED.value)
            & (Session.start_at >= after)
            & (Session.start_at < before)
        )
        .order_by(Session.start_at)
        .output(load_json=True)
    )
    participants = await participants_by_session([row["id"] for row in rows])
    return [session_view(row, participants[row["id"]]) for row in rows]


async def place_session(
    session_id: UUID,
    start: datetime,
    end: datetime,
    venue: Venue,
    *,
    reschedule: bool,
    status: SessionStatus = SessionStatus.SCHEDULED,
) -> None:
    changes: dict[Any, Any] = {
        Session.start_at: start,
        Session.end_at: end,
        Session.room_id: venue.room_id,
        Session.room_name: venue.name,
        Session.room_address: venue.address,
        Session.room_timezone: venue.timezone,
        Session.public_seats: venue.public_seats,
        Session.status: status.value,
    }
    if reschedule:
        changes[Session.sequence] = Session.sequence + 1
    await Session.update(changes).where(Session.id == session_id)
    if reschedule:
        await SessionParticipant.update(
            {SessionParticipant.partstat: PartStat.NEEDS_ACTION.value}
        ).where(SessionParticipant.session == session_id)


async def mark_participant_removed(session_id: UUID, person_id: UUID) -> SessionView:
    """Take a person off a session (inside the caller's transaction).

    The remaining composition must still satisfy the session's rules; the session's SEQUENCE
    goes up so that the removed person's cancellation and everyone else's updated invitation
    supersede what they had.
    """
    session = await get_session(session_id)
    ensure_not_frozen(session)
    if session.status in (SessionStatus.CANCELLED, SessionStatus.COMPLETED):
        raise RuleViolation(
            f"the session is {session.status}", code="session_not_changeable", field="id"
        )
    remaining = [p for p in session.participants if p.person_id != person_id]
    if len(remaining) == len(session.participants):
        raise NotFound(
            "this person is not a participant of the session",
            code="participant_not_found",
            field="person_id",
        )
    await check_session_composition(session.kind, await get_case(session.case_id), remaining)
    await mark_removed(session_id, [person_id])
    await record_event(
        "session.participant_removed", "session", session_id, {"person_id": str(person_id)}
    )
    return await get_session(session_id)


async def mark_removed(session_id: UUID, person_ids: list[UUID]) -> None:
    """Take people off a session whose remaining composition the caller checked."""
    await SessionParticipant.update({SessionParticipant.removed: True}).where(
        (SessionParticipant.session == session_id) & SessionParticipant.person.is_in(person_ids)
    )
    await Session.update({Session.sequence: Session.sequence + 1}).where(Session.id == session_id)


async def recheck_composition(session: SessionView, rules: JurisdictionRules | None = None) -> None:
    """The composition rules again, on today's facts: a conflict declared since, a new
    investigator or a case marked secret since stops the session as it would have at creation.
    ``rules``: the case's jurisdiction's, when the caller has loaded them already."""
    await check_session_composition(
        session.kind, await get_case(session.case_id), session.participants, rules
    )


async def unplace_held_sessions(session_ids: list[UUID]) -> None:
    """Sessions whose tentative hold lapsed go back to waiting for a slot."""
    if not session_ids:
        return
    await Session.update(
        {
            Session.status: SessionStatus.UNSCHEDULED.value,
            Session.start_at: None,
            Session.end_at: None,
            Session.room_id: None,
        }
    ).where(Session.id.is_in(session_ids) & (Session.status == SessionStatus.ON_HOLD.value))


async def mark_cancelled(session_id: UUID, reason: str) -> None:
    await Session.update(
        {
            Session.status: SessionStatus.CANCELLED.value,
            Session.sequence: Session.sequence + 1,
            Session.cancel_reason: reason,
        }
    ).where(Session.id == session_id)


async def set_partstat(session_id: UUID, person_id: UUID, partstat: PartStat) -> None:
    async with write_transaction():
        session = await get_session(session_id)
        if not any(p.person_id == person_id for p in session.participants):
            raise NotFound(
                "this person is not a participant of the session",
                code="participant_not_found",
                field="person_id",
            )
        ensure_not_frozen(session)
        if session.status == SessionStatus.CANCELLED:
            raise RuleViolation("the session is cancelled", code="session_cancelled", field="id")
        await SessionParticipant.update({SessionParticipant.partstat: partstat.value}).where(
            (SessionParticipant.session == session_id) & (SessionParticipant.person == person_id)
        )
        await record_event(
            "session.rsvp",
            "session",
            session_id,
            {"person_id": str(person_id), "partstat": partstat.value},
        )


async def recordable_session(session_id: UUID, now: datetime) -> SessionView:
    """The session, once its record may be written at ``now`` (every record write asks here)."""
    session = await get_session(session_id)
    rules = await rules_for_case(session.case_id)
    check_record_window(session.moment, now, rules.open_before_start_minutes)
    return session


async def mark_ended(session_id: UUID, reason: str) -> None:
    """A mediation a party refused or withdrew from is over (inside the caller's transaction)."""
    await Session.update({Session.status: SessionStatus.ENDED.value}).where(
        Session.id == session_id
    )
    await record_event("session.ended", "session", session_id, {"reason": reason})


async def freeze_session(session_id: UUID, now: datetime) -> None:
    """Sealed minutes freeze their session; the sealing use case calls this in its transaction."""
    await Session.update({Session.minutes_sealed_at: now}).where(
        (Session.id == session_id) & Session.minutes_sealed_at.is_null()
    )
    await record_event("session.frozen", "session", session_id, {"at": now.isoformat()})


def ensure_not_frozen(session: SessionView) -> None:
    """Refuse any change to a session whose minutes are sealed (409 minutes_sealed)."""
    check_not_sealed(session.moment)


def ensure_participant(session: SessionView, person_id: UUID) -> None:
    if not any(participant.person_id == person_id for participant in session.participants):
        raise NotFound(
            f"person {person_id} is not a participant of this session",
            code="participant_not_found",
            field="person_id",
        )
