"""Use cases for the record kept during a session: attendance, positions, outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from core.access import Viewer
from core.audit import record_event
from core.crud import Row
from core.db import write_transaction
from hearing.cases.service import CaseView, get_case
from hearing.followup.service import ActionItemView, action_items_of
from hearing.panel.conclusion import ItemConclusion
from hearing.panel.service import VoteView, conclusion_from, votes_of
from hearing.sessions.service import (
    SessionView,
    ensure_participant,
    get_session,
    get_session_for,
    recordable_session,
)
from hearing.tables import Attendance, Outcome, Position


@dataclass(frozen=True)
class AttendanceView:
    person_id: UUID
    status: str
    note: str | None


@dataclass(frozen=True)
class PositionView:
    id: UUID
    person_id: UUID
    agenda_item: str
    statement: str
    requests: str | None
    evidence: str | None
    legal_basis: str | None


@dataclass(frozen=True)
class NewPosition:
    person_id: UUID
    agenda_item: str
    statement: str
    requests: str | None = None
    evidence: str | None = None
    legal_basis: str | None = None


@dataclass(frozen=True)
class OutcomeView:
    id: UUID
    agenda_item: str
    status: str
    terms: str | None


@dataclass(frozen=True)
class SessionRecord:
    session: SessionView
    case: CaseView
    attendance: tuple[AttendanceView, ...]
    positions: tuple[PositionView, ...]
    outcomes: tuple[OutcomeView, ...]
    action_items: tuple[ActionItemView, ...]
    votes: tuple[VoteView, ...] = ()
    conclusion: tuple[ItemConclusion, ...] = ()


async def record_attendance(
    session_id: UUID, person_id: UUID, status: str, note: str | None, now: datetime
) -> AttendanceView:
    async with write_transaction():
        session = await recordable_session(session_id)
        ensure_participant(session, person_id)
        # One attendance per person: recording it again replaces what was recorded.
        await Attendance.delete().where(
            (Attendance.session == session_id) & (Attendance.person == person_id)
        )
        row = Attendance(
            session=session_id,
            person=person_id,
            status=status,
            note=note,
            recorded_at=now,
        )
        await row.save()
        await record_event(
            "session.attendance_recorded",
            "session",
            session_id,
            {"person_id": str(person_id), "status": status, "note": note},
        )
    return AttendanceView(person_id=person_id, status=status, note=note)


async def record_position(session_id: UUID, new: NewPosition, now: datetime) -> PositionView:
    async with write_transaction():
        session = await recordable_session(session_id)
        ensure_participant(session, new.person_id)
        position = Position(
            session=session_id,
            person=new.person_id,
            agenda_item=new.agenda_item,
            statement=new.statement,
            requests=new.requests,
            evidence=new.evidence,
            legal_basis=new.legal_basis,
            recorded_at=now,
        )
        await position.save()
        await record_event(
            "session.position_recorded", "session", session_id, {"position_id": str(position.id)}
        )
    return PositionView(
        id=position.id,
        person_id=new.person_id,
        agenda_item=new.agenda_item,
        statement=new.statement,
        requests=new.requests,
        evidence=new.evidence,
        legal_basis=new.legal_basis,
    )


async def record_outcome(
    session_id: UUID, agenda_item: str, status: str, terms: str | None, now: datetime
) -> OutcomeView:
    async with write_transaction():
        await recordable_session(session_id)
        outcome = Outcome(
            session=session_id,
            agenda_item=agenda_item,
            status=status,
            terms=terms,
            recorded_at=now,
        )
        await outcome.save()
        await record_event(
            "session.outcome_recorded",
            "session",
            session_id,
            {"agenda_item": agenda_item, "status": status},
        )
    return OutcomeView(id=outcome.id, agenda_item=agenda_item, status=status, terms=terms)


def _position_view(row: Row) -> PositionView:
    return PositionView(
        id=row["id"],
        person_id=row["person_id"],
        agenda_item=row["agenda_item"],
        statement=row["statement"],
        requests=row["requests"],
        evidence=row["evidence"],
        legal_basis=row["legal_basis"],
    )


async def _record_of(session: SessionView) -> SessionRecord:
    attendance = await Attendance.select(
        Attendance.person.as_alias("person_id"), Attendance.status, Attendance.note
    ).where(Attendance.session == session.id)
    positions = (
        await Position.select(
            Position.id,
            Position.person.as_alias("person_id"),
            Position.agenda_item,
            Position.statement,
            Position.requests,
            Position.evidence,
            Position.legal_basis,
        )
        .where(Position.session == session.id)
        .order_by(Position.recorded_at)
    )
    outcomes = (
        await Outcome.select(Outcome.id, Outcome.agenda_item, Outcome.status, Outcome.terms)
        .where(Outcome.session == session.id)
        .order_by(Outcome.recorded_at)
    )
    votes = await votes_of(session.id)
    return SessionRecord(
        session=session,
        case=await get_case(session.case_id),
        attendance=tuple(
            AttendanceView(row["person_id"], row["status"], row["note"]) for row in attendance
        ),
        positions=tuple(_position_view(row) for row in positions),
        outcomes=tuple(
            OutcomeView(row["id"], row["agenda_item"], row["status"], row["terms"])
            for row in outcomes
        ),
        action_items=await action_items_of(session.id),
        votes=votes,
        conclusion=conclusion_from(session, votes),
    )


async def session_record(session_id: UUID) -> SessionRecord:
    """The whole record, for other packages' use cases (minutes); no access check."""
    return await _record_of(await get_session(session_id))


async def session_record_for(viewer: Viewer, session_id: UUID) -> SessionRecord:
    """The record as ``viewer`` may see it: staff any, a participant only their own sessions'."""
    return await _record_of(await get_session_for(viewer, session_id))
