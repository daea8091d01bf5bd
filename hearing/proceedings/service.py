"""Use cases for the record kept during a session: attendance, positions, outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from core.audit import record_event
from core.crud import Row
from core.db import write_transaction
from hearing.cases.service import get_case
from hearing.followup.service import ACTION_ITEM_COLUMNS
from hearing.sessions.service import (
    SessionView,
    ensure_participant,
    get_session,
    recordable_session,
)
from hearing.tables import ActionItem, Attendance, Outcome, Position


@dataclass(frozen=True)
class SessionRecord:
    session: SessionView
    case: Row
    attendance: list[Row]
    positions: list[Row]
    outcomes: list[Row]
    action_items: list[Row]


async def record_attendance(
    session_id: UUID, person_id: UUID, status: str, note: str | None
) -> Row:
    async with write_transaction():
        session = await recordable_session(session_id)
        ensure_participant(session, person_id)
        await Attendance.delete().where(
            (Attendance.session == session_id) & (Attendance.person == person_id)
        )
        row = Attendance(
            session=session_id,
            person=person_id,
            status=status,
            note=note,
            recorded_at=datetime.now(UTC),
        )
        await row.save()
        await record_event(
            "session.attendance_recorded",
            "session",
            session_id,
            {"person_id": str(person_id), "status": status, "note": note},
        )
    return {"person_id": person_id, "status": status, "note": note}


async def record_position(session_id: UUID, data: dict[str, Any]) -> Row:
    async with write_transaction():
        session = await recordable_session(session_id)
        ensure_participant(session, data["person_id"])
        position = Position(
            session=session_id,
            person=data["person_id"],
            agenda_item=data["agenda_item"],
            statement=data["statement"],
            requests=data.get("requests"),
            evidence=data.get("evidence"),
            legal_basis=data.get("legal_basis"),
            recorded_at=datetime.now(UTC),
        )
        await position.save()
        await record_event(
            "session.position_recorded", "session", session_id, {"position_id": str(position.id)}
        )
    return {"id": position.id, **data}


async def record_outcome(session_id: UUID, agenda_item: str, status: str, terms: str | None) -> Row:
    async with write_transaction():
        await recordable_session(session_id)
        outcome = Outcome(
            session=session_id,
            agenda_item=agenda_item,
            status=status,
            terms=terms,
            recorded_at=datetime.now(UTC),
        )
        await outcome.save()
        await record_event(
            "session.outcome_recorded",
            "session",
            session_id,
            {"agenda_item": agenda_item, "status": status},
        )
    return {"id": outcome.id, "agenda_item": agenda_item, "status": status, "terms": terms}


async def session_record(session_id: UUID) -> SessionRecord:
    session = await get_session(session_id)
    attendance = await Attendance.select(
        Attendance.person.as_alias("person_id"), Attendance.status, Attendance.note
    ).where(Attendance.session == session_id)
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
        .where(Position.session == session_id)
        .order_by(Position.recorded_at)
    )
    outcomes = (
        await Outcome.select(Outcome.id, Outcome.agenda_item, Outcome.status, Outcome.terms)
        .where(Outcome.session == session_id)
        .order_by(Outcome.recorded_at)
    )
    action_items = (
        await ActionItem.select(*ACTION_ITEM_COLUMNS)
        .where(ActionItem.session == session_id)
        .order_by(ActionItem.created_at)
    )
    return SessionRecord(
        session=session,
        case=await get_case(session.case_id),
        attendance=list(attendance),
        positions=list(positions),
        outcomes=list(outcomes),
        action_items=list(action_items),
    )
