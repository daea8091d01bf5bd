"""HTTP endpoints for the mediation agreement of a session."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody

from core.web.guards import account_of
from core.web.wire import Body, Text
from hearing.agreements import service as agreements
from hearing.agreements.agreement import AgreementContent, Decision, Signature, Term


class TermIn(Body):
    obligor_id: UUID
    obligation: Text
    manner: Text
    deadline: date


class AgreementIn(Body):
    facts: Text
    disputed_issues: Annotated[list[Text], msgspec.Meta(max_length=100)]
    terms: Annotated[list[TermIn], msgspec.Meta(min_length=1, max_length=100)]


class TermRead(msgspec.Struct):
    obligor_id: UUID
    obligation: str
    manner: str
    deadline: date


class SignatureRead(msgspec.Struct):
    person_id: UUID
    decision: str
    version_sha256: str
    signed_at: datetime
    reason: str | None = None


class AgreementRead(msgspec.Struct):
    session_id: UUID
    status: str
    version_sha256: str
    facts: str
    disputed_issues: list[str]
    terms: list[TermRead]
    signatures: list[SignatureRead]
    pending_signers: list[UUID]


class AgreementSignatureIn(Body):
    person_id: UUID
    decision: Literal["sign", "refuse"]
    version_sha256: Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{64}$")]
    reason: Text | None = None


def agreement_read(view: agreements.AgreementView) -> AgreementRead:
    return msgspec.convert(view, AgreementRead, from_attributes=True)


class AgreementController(Controller):
    path = "/api/v1/sessions/{session_id:uuid}/agreement"
    tags = ["session record"]

    @post("/", operation_id="draftAgreement")
    async def draft(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        data: JSONBody[AgreementIn],
    ) -> AgreementRead:
        """Draft the mediation agreement; posting again replaces it until someone signs."""
        content = AgreementContent(
            session_id=session_id,
            facts=data.facts,
            disputed_issues=tuple(data.disputed_issues),
            terms=tuple(Term(t.obligor_id, t.obligation, t.manner, t.deadline) for t in data.terms),
        )
        view = await agreements.draft_agreement(account_of(request), content, datetime.now(UTC))
        return agreement_read(view)

    @get("/", operation_id="getAgreement")
    async def read(
        self, request: Request[Any, Any, Any], session_id: FromPath[UUID]
    ) -> AgreementRead:
        return agreement_read(await agreements.get_agreement_for(account_of(request), session_id))

    @post("/signatures", operation_id="signAgreement")
    async def sign(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        data: JSONBody[AgreementSignatureIn],
    ) -> AgreementRead:
        """Sign or refuse the exact version; the last signature makes it effective."""
        signature = Signature(
            data.person_id, Decision(data.decision), data.version_sha256, data.reason
        )
        view = await agreements.sign_agreement(
            account_of(request), session_id, signature, datetime.now(UTC)
        )
        return agreement_read(view)
