"""HTTP endpoints for the record kept during a session."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody

from core.web.guards import staff_only
from hearing.followup import service as followup
from hearing.followup.api import ActionItemIn, ActionItemRead
from hearing.proceedings import service as record_service
from hearing.sessions.api import SessionRead, ShortText, Text, session_read


class AttendanceIn(msgspec.Struct):
    person_id: FromPath[UUID]
    status: Literal["present", "absent_excused", "absent_unexcused", "withdrew"]
    note: Text | None = None


class AttendanceRead(msgspec.Struct):
    person_id: FromPath[UUID]
    status: str
    note: str | None = None


class PositionIn(msgspec.Struct):
    person_id: FromPath[UUID]
    agenda_item: ShortText
    statement: Text
    requests: Text | None = None
    evidence: Text | None = None
    legal_basis: Text | None = None


class PositionRead(msgspec.Struct):
    id: UUID
    person_id: FromPath[UUID]
    agenda_item: str
    statement: str
    requests: str | None = None
    evidence: str | None = None
    legal_basis: str | None = None


class OutcomeIn(msgspec.Struct):
    agenda_item: ShortText
    status: Literal["agreed", "partially_agreed", "not_agreed", "referred"]
    terms: Text | None = None


class OutcomeRead(msgspec.Struct):
    id: UUID
    agenda_item: str
    status: str
    terms: str | None = None


class SessionRecordRead(msgspec.Struct):
    session: SessionRead
    attendance: list[AttendanceRead]
    positions: list[PositionRead]
    outcomes: list[OutcomeRead]
    action_items: list[ActionItemRead]


class SessionRecordController(Controller):
    path = "/api/v1/sessions/{session_id:uuid}"
    tags = ["session record"]
    guards = [staff_only]

    @post("/attendance", operation_id="recordAttendance")
    async def attendance(
        self, session_id: FromPath[UUID], data: JSONBody[AttendanceIn]
    ) -> AttendanceRead:
        row = await record_service.record_attendance(
            session_id, data.person_id, data.status, data.note
        )
        return msgspec.convert(row, AttendanceRead)

    @post("/positions", operation_id="recordPosition")
    async def position(
        self, session_id: FromPath[UUID], data: JSONBody[PositionIn]
    ) -> PositionRead:
        row = await record_service.record_position(session_id, msgspec.structs.asdict(data))
        return msgspec.convert(row, PositionRead)

    @post("/outcomes", operation_id="recordOutcome")
    async def outcome(self, session_id: FromPath[UUID], data: JSONBody[OutcomeIn]) -> OutcomeRead:
        row = await record_service.record_outcome(
            session_id, data.agenda_item, data.status, data.terms
        )
        return msgspec.convert(row, OutcomeRead)

    @post("/action-items", operation_id="createActionItem")
    async def action_item(
        self, session_id: FromPath[UUID], data: JSONBody[ActionItemIn]
    ) -> ActionItemRead:
        row = await followup.create_action_item(
            session_id, data.title, data.owner_organization_id, data.due_date, data.assignee_id
        )
        return msgspec.convert(row, ActionItemRead)

    @get("/record", operation_id="getSessionRecord")
    async def record(self, session_id: FromPath[UUID]) -> SessionRecordRead:
        record = await record_service.session_record(session_id)
        return SessionRecordRead(
            session=session_read(record.session),
            attendance=[msgspec.convert(r, AttendanceRead) for r in record.attendance],
            positions=[msgspec.convert(r, PositionRead) for r in record.positions],
            outcomes=[msgspec.convert(r, OutcomeRead) for r in record.outcomes],
            action_items=[msgspec.convert(r, ActionItemRead) for r in record.action_items],
        )
