"""HTTP endpoints for sessions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from core.web.guards import account_of, staff_only
from core.web.paging import Limit, Offset
from core.web.wire import MAX_AGENDA_ITEMS, Body, ShortText
from hearing.sessions import service
from hearing.sessions.session_rows import SessionFilter
from hearing.sessions.views import ParticipantRequest
from hearing.sessions.wire import SessionRead, session_read
from hearing.vocabulary import MAX_SESSION_MINUTES, ParticipantRole, SessionKind


class ParticipantIn(Body):
    person_id: UUID
    role: ParticipantRole
    required: bool = True


class SessionCreate(Body):
    kind: SessionKind
    case_id: UUID
    title: ShortText
    duration_minutes: Annotated[int, msgspec.Meta(ge=15, le=MAX_SESSION_MINUTES)]
    participants: Annotated[list[ParticipantIn], msgspec.Meta(min_length=1, max_length=200)]
    locale: Literal["en", "zh-CN"] = "zh-CN"
    agenda: Annotated[list[ShortText], msgspec.Meta(max_length=MAX_AGENDA_ITEMS)] = msgspec.field(
        default_factory=list
    )


class SessionList(msgspec.Struct):
    items: list[SessionRead]
    total: int
    limit: int
    offset: int


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
            now=datetime.now(UTC),
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
        found_by = SessionFilter(case_id, status, starts_from, starts_before, person_id)
        sessions, total = await service.list_sessions(account_of(request), limit, offset, found_by)
        return SessionList(
            items=[session_read(s) for s in sessions], total=total, limit=limit, offset=offset
        )

    @get("/{session_id:uuid}", operation_id="getSession")
    async def get_session(
        self, request: Request[Any, Any, Any], session_id: FromPath[UUID]
    ) -> SessionRead:
        return session_read(await service.get_session_for(account_of(request), session_id))
