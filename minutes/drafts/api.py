"""HTTP endpoints for minutes: build, read, download, sign and seal."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, JSONBody

from core.access import ensure_self_or_staff
from core.web.guards import (
    account_of,
    staff_only,
)
from minutes.drafts import service
from minutes.drafts.service import MinutesView
from minutes.seal import service as sealing
from minutes.signing import service as signing
from minutes.signing.api import SignatureIn


class SignatureRead(msgspec.Struct):
    person_id: FromPath[UUID]
    decision: str
    version_sha256: str
    signed_at: datetime
    reason: str | None = None


class MinutesRead(msgspec.Struct):
    id: UUID
    session_id: FromPath[UUID]
    version: int
    version_sha256: str
    status: Literal["draft", "signing", "sealed"]
    signatures: list[SignatureRead]
    pending_signers: list[UUID]
    pdf_url: str
    sealed_sha256: str | None = None
    sealed_at: datetime | None = None


def minutes_read(view: MinutesView) -> MinutesRead:
    return MinutesRead(
        id=view.id,
        session_id=view.session_id,
        version=view.version,
        version_sha256=view.version_sha256,
        status=view.status,  # type: ignore[arg-type]
        signatures=[msgspec.convert(row, SignatureRead) for row in view.signatures],
        pending_signers=list(view.pending_signers),
        pdf_url=f"/api/v1/minutes/{view.id}/pdf",
        sealed_sha256=view.sealed_sha256,
        sealed_at=view.sealed_at,
    )


class SessionMinutesController(Controller):
    path = "/api/v1/sessions/{session_id:uuid}/minutes"
    tags = ["minutes"]

    @post("/", operation_id="buildMinutes", guards=[staff_only])
    async def build(self, session_id: FromPath[UUID]) -> MinutesRead:
        return minutes_read(await service.build_minutes(session_id, datetime.now(UTC)))


class MinutesController(Controller):
    path = "/api/v1/minutes/{minutes_id:uuid}"
    tags = ["minutes"]

    @get("/", operation_id="getMinutes")
    async def get_minutes(self, minutes_id: FromPath[UUID]) -> MinutesRead:
        return minutes_read(await service.get_minutes(minutes_id))

    @get("/pdf", operation_id="getMinutesPdf", media_type="application/pdf")
    async def pdf(self, minutes_id: FromPath[UUID]) -> Response[bytes]:
        data, sha256 = await service.minutes_pdf(minutes_id)
        return Response(
            data,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'attachment; filename="minutes-{minutes_id}.pdf"',
                "ETag": f'"{sha256}"',
                "X-Content-SHA256": sha256,
            },
        )

    @post("/signatures", operation_id="recordSignature")
    async def sign(
        self,
        request: Request[Any, Any, Any],
        minutes_id: FromPath[UUID],
        data: JSONBody[SignatureIn],
    ) -> MinutesRead:
        ensure_self_or_staff(account_of(request), data.person_id)
        view = await signing.record_signature(
            minutes_id,
            data.person_id,
            data.decision,
            data.reason,
            data.version_sha256,
            datetime.now(UTC),
        )
        return minutes_read(view)

    @post("/seal", operation_id="sealMinutes", status_code=200, guards=[staff_only])
    async def seal(self, minutes_id: FromPath[UUID]) -> MinutesRead:
        return minutes_read(await sealing.seal_minutes(minutes_id, datetime.now(UTC)))
