"""HTTP endpoint for signing or refusing to sign the minutes, logged in or with a signing link's
token (the page behind the link is ui.participant's)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, post
from litestar.params import FromPath, JSONBody

from core.web import wire
from core.web.guards import account_of, count_address_request
from core.web.wire import Reason, Token
from minutes.drafts.api import MinutesRead, minutes_read
from minutes.signing import service as signing
from minutes.signing.links import SIGNING_LINKS
from minutes.vocabulary import Decision

Sha256 = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}$")]


class SignatureIn(wire.Body):
    # Not signing is recorded at sealing, never sent: the wire accepts the two answers only.
    decision: Literal["sign", "refuse"]
    #: Logged in: whose answer (default: your own person) and for which version.
    person_id: UUID | None = None
    version_sha256: Sha256 | None = None
    reason: Reason | None = None
    #: From a signing link, without logging in: the token says who answers for which version.
    token: Token | None = None


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
        """Answer logged in (``person_id``, ``version_sha256``) or with a signing link's
        ``token``."""
        now = datetime.now(UTC)
        decision = Decision(data.decision)
        if data.token:
            await count_address_request(request, SIGNING_LINKS)
            view = await signing.record_signature_by_link(
                minutes_id, data.token, decision, data.reason, now
            )
        else:
            view = await signing.record_login_answer(
                account_of(request),
                minutes_id,
                data.person_id,
                decision,
                data.version_sha256,
                data.reason,
                now,
            )
        return minutes_read(view)
