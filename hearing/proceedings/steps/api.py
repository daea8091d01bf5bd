"""HTTP endpoints for the order of proceedings and the consent of mediation parties."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from core.web.guards import account_of
from core.web.wire import TEXT_PATTERN, Body, SingleLine, Text
from hearing.proceedings.steps import service

StepKey = Annotated[SingleLine, msgspec.Meta(min_length=1, max_length=60)]
Reason = Annotated[str, msgspec.Meta(pattern=TEXT_PATTERN, max_length=20_000)]


class StepRead(msgspec.Struct, omit_defaults=True):
    key: str
    title: str
    status: str
    started_at: datetime | None = None
    ended_at: datetime | None = None
    note: str | None = None
    skip_reason: str | None = None
    recused: list[UUID] = msgspec.field(default_factory=list)
    speakers: list[UUID] = msgspec.field(default_factory=list)


class WithdrawalRead(msgspec.Struct):
    person_id: UUID
    reason: str
    at: datetime


class InterruptionRead(msgspec.Struct):
    kind: str
    reason: str
    at: datetime
    resumed_at: datetime | None = None


class ProcedureRead(msgspec.Struct):
    steps: list[StepRead]
    withdrawals: list[WithdrawalRead]
    ended_reason: str | None = None
    #: Postponements and suspensions, with their grounds and when the session resumed.
    interruptions: list[InterruptionRead] = msgspec.field(default_factory=list)


class AdvanceIn(Body):
    step: StepKey
    note: Text | None = None
    #: At ``recusal_asked``: the panel members whose recusal was granted.
    recused: Annotated[list[UUID], msgspec.Meta(max_length=20)] = msgspec.field(
        default_factory=list
    )
    #: Who spoke during the step (participants of the session).
    speakers: Annotated[list[UUID], msgspec.Meta(max_length=200)] = msgspec.field(
        default_factory=list
    )


class SkipIn(Body):
    step: StepKey
    # Blank is refused by the rule itself (reason_required), not by the decoder.
    reason: Reason


class ConsentIn(Body):
    person_id: UUID
    consent: bool


class ConsentRead(msgspec.Struct):
    person_id: UUID
    consent: bool
    recorded_at: datetime


def procedure_read(view: service.ProcedureView) -> ProcedureRead:
    return msgspec.convert(view, ProcedureRead, from_attributes=True)


class ProcedureController(Controller):
    path = "/api/v1/sessions/{session_id:uuid}"
    tags = ["session procedure"]

    # Participants read the procedure of their own sessions; the service decides whose.
    @get("/procedure", operation_id="getSessionProcedure")
    async def procedure(
        self, request: Request[Any, Any, Any], session_id: FromPath[UUID]
    ) -> ProcedureRead:
        view = await service.procedure_for(account_of(request), session_id)
        return procedure_read(view)

    @post("/procedure/advance", operation_id="advanceSessionProcedure", status_code=200)
    async def advance(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        data: JSONBody[AdvanceIn],
        people_left: NamedDependency[service.PeopleLeft],
    ) -> ProcedureRead:
        """``people_left`` is wired by the composition root (app.py): recused officers leave
        the booking too."""
        taken = service.StepTaken(data.step, data.note, tuple(data.recused), tuple(data.speakers))
        view = await service.advance_procedure(
            account_of(request), session_id, taken, datetime.now(UTC), people_left=people_left
        )
        return procedure_read(view)

    @post("/procedure/skip", operation_id="skipSessionProcedureStep", status_code=200)
    async def skip(
        self, request: Request[Any, Any, Any], session_id: FromPath[UUID], data: JSONBody[SkipIn]
    ) -> ProcedureRead:
        view = await service.skip_procedure_step(
            account_of(request), session_id, data.step, data.reason, datetime.now(UTC)
        )
        return procedure_read(view)

    @post("/consent", operation_id="recordMediationConsent")
    async def consent(
        self, request: Request[Any, Any, Any], session_id: FromPath[UUID], data: JSONBody[ConsentIn]
    ) -> ConsentRead:
        view = await service.record_consent(
            account_of(request), session_id, data.person_id, data.consent, datetime.now(UTC)
        )
        return msgspec.convert(view, ConsentRead, from_attributes=True)
