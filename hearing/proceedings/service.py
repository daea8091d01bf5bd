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
from hearing.proceedings.attendance import waives_hearing, withdrawal_reason
from hearing.proceedings.positions import check_on_agenda, next_version
from hearing.proceedings.procedure import check_statements_allowed
from hearing.proceedings.steps.service import (
    ConsentView,
    ProcedureView,
    consents_of,
    load_procedure,
    procedure_view,
    record_waiver,
    record_withdrawal,
)
from hearing.sessions.service import (
    ensure_participant,
    get_session,
    get_session_for,
    recordable_session,
)
from hearing.sessions.views import SessionView
from hearing.tables import Attendance, Outcome, Position


@dataclass(frozen=True)
class AttendanceView:
    person_id: UUID
    status: str
    note: str | None
    #: The petitioner, absent without excuse from a public hearing, waived it.
    waived: bool = False
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class PositionVersionView:
    version: int
    statement: str
    requests: str | None
    evidence: str | None
    legal_basis: str | None
    recorded_at: datetime
    superseded_at: datetime | None


@dataclass(frozen=True)
class PositionView:
    """A person's current position on an agenda item, with every version of it, oldest first."""

    id: UUID
    person_id: UUID
    agenda_item: str
    statement: str
    requests: str | None
    evidence: str | None
    legal_basis: str | None
    version: int = 1
    versions: tuple[PositionVersionView, ...] = ()


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
    procedure: ProcedureView
    consents: tuple[ConsentView, ...]
    votes: tuple[VoteView, ...] = ()
    conclusion: tuple[ItemConclusion, ...] = ()


async def record_attendance(
    session_id: UUID, person_id: UUID, status: str, note: str | None, now: datetime
) -> AttendanceView:
    """Record (or correct) one person's attendance; a party's withdrawal, with its reason,
    ends a mediation."""
    async with write_transaction():
        session = await recordable_session(session_id, now)
        ensure_participant(session, person_id)
        role = next(p.role for p in session.participants if p.person_id == person_id)
        reason = withdrawal_reason(role, status, note)
        waived = waives_hearing(session.kind, role, status)
        # One attendance per person: recording it again replaces what was recorded.
        await Attendance.delete().where(
            (Attendance.session == session_id) & (Attendance.person == person_id)
        )
        await Attendance(
            session=session_id,
            person=person_id,
            status=status,
            note=note,
            recorded_at=now,
            waived=waived,
        ).save()
        if reason is not None:
            await record_withdrawal(session, person_id, reason, now)
        if waived:
            await record_waiver(session)
        await record_event(
            "session.attendance_recorded",
            "session",
            session_id,
            {"person_id": str(person_id), "status": status, "note": note, "waived": waived},
        )
    return AttendanceView(person_id, status, note, waived, now)


async def _supersede_current(session_id: UUID, new: NewPosition, now: datetime) -> int:
    """Mark the person's current position on the item superseded; the new one's version."""
    current = (
        await Position.select(Position.id, Position.version)
        .where(
            (Position.session == session_id)
            & (Position.person == new.person_id)
            & (Position.agenda_item == new.agenda_item)
            & Position.superseded_at.is_null()
        )
        .first()
    )
    if current is None:
        return next_version(None)
    await Position.update({Position.superseded_at: now}).where(Position.id == current["id"])
    return next_version(current["version"])


async def record_position(session_id: UUID, new: NewPosition, now: datetime) -> PositionView:
    """A position on an agenda item; posting again for the same person and item amends it."""
    async with write_transaction():
        session = await recordable_session(session_id, now)
        ensure_participant(session, new.person_id)
        check_on_agenda(session.agenda, new.agenda_item)
        check_statements_allowed(await load_procedure(session))
        version = await _supersede_current(session_id, new, now)
        position = Position(
            session=session_id,
            person=new.person_id,
            agenda_item=new.agenda_item,
            statement=new.statement,
            requests=new.requests,
            evidence=new.evidence,
            legal_basis=new.legal_basis,
            recorded_at=now,
            version=version,
        )
        await position.save()
        await record_event(
            "session.position_recorded",
            "session",
            session_id,
            {"position_id": str(position.id), "version": version},
        )
    positions = await _positions_of(session_id)
    return next(p for p in positions if p.id == position.id)


async def record_outcome(
    session_id: UUID, agenda_item: str, status: str, terms: str | None, now: datetime
) -> OutcomeView:
    async with write_transaction():
        await recordable_session(session_id, now)
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


def _version_view(row: Row) -> PositionVersionView:
    return PositionVersionView(
        version=row["version"],
        statement=row["statement"],
        requests=row["requests"],
        evidence=row["evidence"],
        legal_basis=row["legal_basis"],
        recorded_at=row["recorded_at"],
        superseded_at=row["superseded_at"],
    )


async def _positions_of(session_id: UUID) -> tuple[PositionView, ...]:
    """The current positions in the order first said, each with all its versions."""
    rows = (
        await Position.select(
            *Position.all_columns(exclude=[Position.person]),
            Position.person.as_alias("person_id"),
        )
        .where(Position.session == session_id)
        .order_by(Position.recorded_at)
    )
    versions: dict[tuple[UUID, str], list[Row]] = {}
    for row in rows:
        versions.setdefault((row["person_id"], row["agenda_item"]), []).append(row)
    return tuple(
        PositionView(
            id=current["id"],
            person_id=current["person_id"],
            agenda_item=current["agenda_item"],
            statement=current["statement"],
            requests=current["requests"],
            evidence=current["evidence"],
            legal_basis=current["legal_basis"],
            version=current["version"],
            versions=tuple(_version_view(row) for row in every),
        )
        for every in versions.values()
        for current in [max(every, key=lambda row: row["version"])]
    )


async def _record_of(session: SessionView) -> SessionRecord:
    attendance = await Attendance.select(
        Attendance.person.as_alias("person_id"),
        Attendance.status,
        Attendance.note,
        Attendance.waived,
        Attendance.recorded_at,
    ).where(Attendance.session == session.id)
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
            AttendanceView(
                row["person_id"], row["status"], row["note"], row["waived"], row["recorded_at"]
            )
            for row in attendance
        ),
        positions=await _positions_of(session.id),
        outcomes=tuple(
            OutcomeView(row["id"], row["agenda_item"], row["status"], row["terms"])
            for row in outcomes
        ),
        action_items=await action_items_of(session.id),
        procedure=procedure_view(session, await load_procedure(session)),
        consents=await consents_of(session.id),
        votes=votes,
        conclusion=conclusion_from(session, votes),
    )


async def session_record(session_id: UUID) -> SessionRecord:
    """The whole record, for other packages' use cases (minutes); no access check."""
    return await _record_of(await get_session(session_id))


async def session_record_for(viewer: Viewer, session_id: UUID) -> SessionRecord:
    """The record as ``viewer`` may see it: staff any, a participant only their own sessions'."""
    return await _record_of(await get_session_for(viewer, session_id))
