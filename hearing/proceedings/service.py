"""Use cases for the record kept during a session: attendance, positions, outcomes, actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from core.audit import record_event
from core.crud import Row, ensure_exists
from core.db import write_transaction
from core.errors import NotFound, RuleViolation
from hearing.sessions.service import SessionView, get_case, get_session
from hearing.tables import ActionItem, Attendance, Outcome, Position
from hearing.vocabulary import ActionItemStatus, SessionStatus
from parties.tables import Organization, Person

ACTION_ITEM_COLUMNS = (
    ActionItem.id,
    ActionItem.session.as_alias("session_id"),
    ActionItem.title,
    ActionItem.owner_organization.as_alias("owner_organization_id"),
    ActionItem.due_date,
    ActionItem.assignee.as_alias("assignee_id"),
    ActionItem.status,
)


@dataclass(frozen=True)
class SessionRecord:
    session: SessionView
    case: Row
    attendance: list[Row]
    positions: list[Row]
    outcomes: list[Row]
    action_items: list[Row]


async def _recordable_session(session_id: UUID) -> SessionView:
    session = await get_session(session_id)
    if session.status not in (SessionStatus.SCHEDULED, SessionStatus.COMPLETED):
        raise RuleViolation(
            f"the session is {session.status}: only a scheduled session has a record",
            code="session_not_scheduled",
            field="id",
        )
    return session


def _ensure_participant(session: SessionView, person_id: UUID) -> None:
    if not any(participant.person_id == person_id for participant in session.participants):
        raise NotFound(
            f"person {person_id} is not a participant of this session",
            code="participant_not_found",
            field="person_id",
        )


async def record_attendance(
    session_id: UUID, person_id: UUID, status: str, note: str | None
) -> Row:
    async with write_transaction():
        session = await _recordable_session(session_id)
        _ensure_participant(session, person_id)
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
        session = await _recordable_session(session_id)
        _ensure_participant(session, data["person_id"])
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
        await _recordable_session(session_id)
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


async def create_action_item(
    session_id: UUID,
    title: str,
    owner_organization_id: UUID,
    due_date: date,
    assignee_id: UUID | None,
) -> Row:
    async with write_transaction():
        await _recordable_session(session_id)
        await ensure_exists(
            Organization, owner_organization_id, "organization", "owner_organization_id"
        )
        await ensure_exists(Person, assignee_id, "person", "assignee_id")
        item = ActionItem(
            session=session_id,
            title=title,
            owner_organization=owner_organization_id,
            due_date=due_date,
            assignee=assignee_id,
            status=ActionItemStatus.OPEN.value,
            created_at=datetime.now(UTC),
        )
        await item.save()
        await record_event("action_item.created", "action_item", item.id, {"title": title})
    row = await ActionItem.select(*ACTION_ITEM_COLUMNS).where(ActionItem.id == item.id).first()
    assert row is not None
    return dict(row)


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
