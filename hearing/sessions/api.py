"""HTTP endpoints for cases, sessions and the session record."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from core.access import STAFF
from core.errors import NotFound
from hearing.proceedings import service as record_service
from hearing.sessions import service
from hearing.sessions.service import ParticipantRequest, SessionView
from hearing.vocabulary import MAX_SESSION_MINUTES
from parties.accounts.middleware import account_of, staff_only
from parties.people.api import Limit, Offset, changes_of

Text = Annotated[str, msgspec.Meta(min_length=1, max_length=20_000)]
ShortText = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
Confidentiality = Literal["none", "privacy", "commercial_secret", "state_secret"]
SessionKind = Literal["public_hearing", "mediation", "joint_reception", "review"]
Role = Literal[
    "petitioner",
    "agent",
    "department",
    "presiding_officer",
    "hearing_officer",
    "mediator",
    "evaluator",
    "recorder",
    "observer",
]


class CaseCreate(msgspec.Struct):
    reference: Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
    title: ShortText
    summary: Text | None = None
    confidentiality: Confidentiality = "none"
    registered_on: date | None = None
    accepted_on: date | None = None
    investigator_id: UUID | None = None


class CaseUpdate(msgspec.Struct, omit_defaults=True):
    title: ShortText | msgspec.UnsetType = msgspec.UNSET
    summary: Text | msgspec.UnsetType | None = msgspec.UNSET
    confidentiality: Confidentiality | msgspec.UnsetType = msgspec.UNSET
    accepted_on: date | msgspec.UnsetType | None = msgspec.UNSET
    investigator_id: UUID | msgspec.UnsetType | None = msgspec.UNSET


class CaseRead(msgspec.Struct):
    id: UUID
    reference: str
    title: str
    confidentiality: str
    registered_on: date
    summary: str | None = None
    accepted_on: date | None = None
    investigator_id: UUID | None = None


class CaseList(msgspec.Struct):
    items: list[CaseRead]
    total: int
    limit: int
    offset: int


class ParticipantIn(msgspec.Struct):
    person_id: FromPath[UUID]
    role: Role
    required: bool = True


class SessionCreate(msgspec.Struct):
    kind: SessionKind
    case_id: FromPath[UUID]
    title: ShortText
    duration_minutes: Annotated[int, msgspec.Meta(ge=15, le=MAX_SESSION_MINUTES)]
    participants: Annotated[list[ParticipantIn], msgspec.Meta(min_length=1, max_length=200)]
    locale: Literal["en", "zh-CN"] = "zh-CN"
    agenda: list[ShortText] = msgspec.field(default_factory=list)


class ParticipantRead(msgspec.Struct):
    person_id: FromPath[UUID]
    role: str
    required: bool
    partstat: str


class SessionRead(msgspec.Struct):
    id: UUID
    kind: str
    case_id: FromPath[UUID]
    title: str
    duration_minutes: int
    locale: str
    status: str
    sequence: int
    participants: list[ParticipantRead]
    start: datetime | None = None
    end: datetime | None = None
    room_id: UUID | None = None
    cancel_reason: str | None = None
    removed: list[ParticipantRead] = msgspec.field(default_factory=list)


class SessionList(msgspec.Struct):
    items: list[SessionRead]
    total: int
    limit: int
    offset: int


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


class ActionItemIn(msgspec.Struct):
    title: ShortText
    owner_organization_id: UUID
    due_date: date
    assignee_id: UUID | None = None


class ActionItemRead(msgspec.Struct):
    id: UUID
    session_id: FromPath[UUID]
    title: str
    owner_organization_id: UUID
    due_date: date
    status: str
    assignee_id: UUID | None = None


class SessionRecordRead(msgspec.Struct):
    session: SessionRead
    attendance: list[AttendanceRead]
    positions: list[PositionRead]
    outcomes: list[OutcomeRead]
    action_items: list[ActionItemRead]


def session_read(session: SessionView) -> SessionRead:
    return msgspec.convert(session, SessionRead, from_attributes=True)


class CaseController(Controller):
    path = "/api/v1/cases"
    tags = ["cases"]
    guards = [staff_only]

    @post("/", operation_id="createCase")
    async def create_case(self, data: JSONBody[CaseCreate]) -> CaseRead:
        row = await service.create_case(msgspec.structs.asdict(data))
        return msgspec.convert(row, CaseRead)

    @get("/", operation_id="listCases")
    async def list_cases(
        self,
        limit: Limit = 50,
        offset: Offset = 0,
        reference: FromQuery[str | None] = None,
        confidentiality: FromQuery[str | None] = None,
    ) -> CaseList:
        rows, total = await service.list_cases(limit, offset, reference, confidentiality)
        items = [msgspec.convert(row, CaseRead) for row in rows]
        return CaseList(items=items, total=total, limit=limit, offset=offset)

    @get("/{case_id:uuid}", operation_id="getCase")
    async def get_case(self, case_id: FromPath[UUID]) -> CaseRead:
        return msgspec.convert(await service.get_case(case_id), CaseRead)

    @patch("/{case_id:uuid}", operation_id="updateCase")
    async def update_case(self, case_id: FromPath[UUID], data: JSONBody[CaseUpdate]) -> CaseRead:
        return msgspec.convert(await service.update_case(case_id, changes_of(data)), CaseRead)

    @delete("/{case_id:uuid}", operation_id="deleteCase")
    async def delete_case(self, case_id: FromPath[UUID]) -> None:
        await service.delete_case(case_id)


class SessionController(Controller):
    path = "/api/v1/sessions"
    tags = ["sessions"]

    @post("/", operation_id="createSession", guards=[staff_only])
    async def create_session(self, data: JSONBody[SessionCreate]) -> SessionRead:
        session = await service.create_session(
            kind=data.kind,
            case_id=data.case_id,
            title=data.title,
            duration_minutes=data.duration_minutes,
            locale=data.locale,
            participants=[
                ParticipantRequest(p.person_id, p.role, p.required) for p in data.participants
            ],
            agenda=list(data.agenda),
        )
        return session_read(session)

    @get("/", operation_id="listSessions")
    async def list_sessions(
        self,
        request: Request[Any, Any, Any],
        limit: Limit = 50,
        offset: Offset = 0,
        case_id: FromQuery[UUID | None] = None,
        status: FromQuery[str | None] = None,
        starts_from: Annotated[datetime | None, QueryParameter(name="from")] = None,
        starts_before: Annotated[datetime | None, QueryParameter(name="to")] = None,
        person_id: FromQuery[UUID | None] = None,
    ) -> SessionList:
        account = account_of(request)
        if account.role not in STAFF:
            # Participants see only their own sessions.
            person_id = account.person_id or UUID(int=0)
        sessions, total = await service.list_sessions(
            limit,
            offset,
            case_id=case_id,
            status=status,
            starts_from=starts_from,
            starts_before=starts_before,
            person_id=person_id,
        )
        return SessionList(
            items=[session_read(s) for s in sessions], total=total, limit=limit, offset=offset
        )

    @get("/{session_id:uuid}", operation_id="getSession")
    async def get_session(
        self, request: Request[Any, Any, Any], session_id: FromPath[UUID]
    ) -> SessionRead:
        session = await service.get_session(session_id)
        account = account_of(request)
        if account.role not in STAFF and not any(
            p.person_id == account.person_id for p in session.participants
        ):
            raise NotFound(f"no session with id {session_id}", code="session_not_found", field="id")
        return session_read(session)


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
        row = await record_service.create_action_item(
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
