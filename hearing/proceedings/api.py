"""HTTP endpoints for the record kept during a session."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody

from core.web.guards import account_of, staff_only
from core.web.wire import Body, ShortText, Text
from hearing.followup import service as followup
from hearing.followup.api import ActionItemIn, ActionItemRead
from hearing.panel.api import ConclusionRead, VoteRead, conclusion_read, vote_read
from hearing.proceedings import service as record_service
from hearing.proceedings.steps.api import ConsentRead, ProcedureRead, procedure_read
from hearing.sessions.wire import SessionRead, session_read
from hearing.vocabulary import AttendanceStatus, OutcomeStatus

ReadT = TypeVar("ReadT", bound=msgspec.Struct)


class AttendanceIn(Body):
    person_id: UUID
    status: AttendanceStatus
    note: Text | None = None


class AttendanceRead(msgspec.Struct):
    person_id: UUID
    status: str
    note: str | None = None
    waived: bool = False
    recorded_at: datetime | None = None


class PositionIn(Body):
    person_id: UUID
    agenda_item: ShortText
    statement: Text
    requests: Text | None = None
    evidence: Text | None = None
    legal_basis: Text | None = None


class PositionVersionRead(msgspec.Struct):
    version: int
    statement: str
    recorded_at: datetime
    requests: str | None = None
    evidence: str | None = None
    legal_basis: str | None = None
    superseded_at: datetime | None = None


class PositionRead(msgspec.Struct):
    """The current version; ``versions`` holds every version, this one last."""

    id: UUID
    person_id: UUID
    agenda_item: str
    statement: str
    requests: str | None = None
    evidence: str | None = None
    legal_basis: str | None = None
    version: int = 1
    versions: list[PositionVersionRead] = msgspec.field(default_factory=list)


class OutcomeIn(Body):
    agenda_item: ShortText
    status: OutcomeStatus
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
    procedure: ProcedureRead
    consents: list[ConsentRead]
    votes: list[VoteRead]
    conclusion: ConclusionRead


def _read(view: object, read_type: type[ReadT]) -> ReadT:
    return msgspec.convert(view, read_type, from_attributes=True)


class SessionRecordController(Controller):
    path = "/api/v1/sessions/{session_id:uuid}"
    tags = ["session record"]

    @post("/attendance", operation_id="recordAttendance", guards=[staff_only])
    async def attendance(
        self, session_id: FromPath[UUID], data: JSONBody[AttendanceIn]
    ) -> AttendanceRead:
        attendance = await record_service.record_attendance(
            session_id, data.person_id, data.status, data.note, datetime.now(UTC)
        )
        return _read(attendance, AttendanceRead)

    @post("/positions", operation_id="recordPosition", guards=[staff_only])
    async def position(
        self, session_id: FromPath[UUID], data: JSONBody[PositionIn]
    ) -> PositionRead:
        new = record_service.NewPosition(**msgspec.structs.asdict(data))
        position = await record_service.record_position(session_id, new, datetime.now(UTC))
        return _read(position, PositionRead)

    @post("/outcomes", operation_id="recordOutcome", guards=[staff_only])
    async def outcome(self, session_id: FromPath[UUID], data: JSONBody[OutcomeIn]) -> OutcomeRead:
        outcome = await record_service.record_outcome(
            session_id, data.agenda_item, data.status, data.terms, datetime.now(UTC)
        )
        return _read(outcome, OutcomeRead)

    @post("/action-items", operation_id="createActionItem", guards=[staff_only])
    async def action_item(
        self, session_id: FromPath[UUID], data: JSONBody[ActionItemIn]
    ) -> ActionItemRead:
        item = await followup.create_action_item(
            session_id,
            data.title,
            data.owner_organization_id,
            data.due_date,
            data.assignee_id,
            datetime.now(UTC),
        )
        return _read(item, ActionItemRead)

    # Participants read the record of their own sessions too; the service decides whose.
    @get("/record", operation_id="getSessionRecord")
    async def record(
        self, request: Request[Any, Any, Any], session_id: FromPath[UUID]
    ) -> SessionRecordRead:
        record = await record_service.session_record_for(account_of(request), session_id)
        return SessionRecordRead(
            session=session_read(record.session),
            attendance=[_read(a, AttendanceRead) for a in record.attendance],
            positions=[_read(p, PositionRead) for p in record.positions],
            outcomes=[_read(o, OutcomeRead) for o in record.outcomes],
            action_items=[_read(i, ActionItemRead) for i in record.action_items],
            procedure=procedure_read(record.procedure),
            consents=[_read(c, ConsentRead) for c in record.consents],
            votes=[vote_read(v) for v in record.votes],
            conclusion=conclusion_read(record.conclusion),
        )
