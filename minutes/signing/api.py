"""HTTP endpoints for signing or refusing to sign the minutes: the API (logged in or with a
signing link's token) and the page behind the signing link."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, JSONBody

from core.web import wire
from core.web.guards import account_of, count_address_request, throttled_per_address
from core.web.problems import status_of
from core.web.wire import Reason, Token
from minutes.drafts.api import MinutesRead, minutes_read
from minutes.signing import service as signing
from minutes.signing.page import SigningPage, render_signing_page
from minutes.vocabulary import Decision

#: Signing links tried through the API or the page share one budget per address: guessing
#: through both at once is no faster than through one.
SIGNING_LINKS = "signing_link"

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


class SigningForm(msgspec.Struct):
    decision: Literal["sign", "refuse"]
    reason: Reason | None = None


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


def _html(page: SigningPage) -> Response[str]:
    return Response(
        render_signing_page(page),
        media_type=MediaType.HTML,
        status_code=200 if page.problem is None else status_of(page.problem),
        # The URL is the credential: keep it out of caches and out of other sites' logs.
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )


class SigningPageController(Controller):
    path = "/ui/p/{token:str}"
    tags = ["minutes"]
    # Anyone may try a link; an address trying many is guessing, and each try is audited.
    guards = [throttled_per_address(SIGNING_LINKS)]

    @get("/", operation_id="showSigningPage", media_type=MediaType.HTML, exclude_from_auth=True)
    async def show(self, token: FromPath[str]) -> Response[str]:
        """The minutes to read and the buttons to sign or refuse; opening it records nothing."""
        return _html(await signing.signing_page(token, datetime.now(UTC)))

    @post(
        "/",
        operation_id="answerOnSigningPage",
        media_type=MediaType.HTML,
        status_code=200,
        exclude_from_auth=True,
    )
    async def answer(
        self,
        token: FromPath[str],
        data: Annotated[SigningForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Response[str]:
        """A button pressed on the page: records the answer as the API does with the token."""
        page = await signing.answer_on_page(
            token, Decision(data.decision), data.reason, datetime.now(UTC)
        )
        return _html(page)

    @get(
        "/minutes.pdf",
        operation_id="getSigningPagePdf",
        media_type="application/pdf",
        exclude_from_auth=True,
    )
    async def pdf(self, token: FromPath[str]) -> Response[bytes]:
        """The version the link asks its person to sign."""
        data, sha256 = await signing.signing_pdf(token, datetime.now(UTC))
        return Response(
            data,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'attachment; filename="minutes-{sha256[:12]}.pdf"',
                "Cache-Control": "no-store",
                "Referrer-Policy": "no-referrer",
                "X-Content-SHA256": sha256,
            },
        )
