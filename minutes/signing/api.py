"""HTTP endpoint for signing or refusing to sign the minutes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, post
from litestar.params import FromPath, JSONBody

from core.web.guards import account_of
from minutes.drafts.api import MinutesRead, minutes_read
from minutes.signing import service as signing
from minutes.signing.answers import Answer
from minutes.vocabulary import Decision

Sha256 = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}$")]


class SignatureIn(msgspec.Struct):
    person_id: UUID
    # Not signing is recorded at sealing, never sent: the wire accepts the two answers only.
    decision: Literal["sign", "refuse"]
    version_sha256: Sha256
    reason: Annotated[str, msgspec.Meta(max_length=2000)] | None = None


class SignatureController(Controller):
    path = "/api/v1/minutes/{minutes_id:uuid}"
    tags = ["minutes"]

    @post("/signatures", operation_id="recordSignature")
    async def sign(
        self,
        request: Request[Any, Any, Any],
        minutes_id: FromPath[UUID],
        data: JSONBody[SignatureIn],
    ) -> MinutesRead:
        answer = Answer(
            person_id=data.person_id,
            decision=Decision(data.decision),
            version_sha256=data.version_sha256,
            reason=data.reason,
        )
        view = await signing.record_signature(
            account_of(request), minutes_id, answer, datetime.now(UTC)
        )
        return minutes_read(view)
