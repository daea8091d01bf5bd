"""HTTP endpoints for minutes drafts: build, read and download; the minutes' wire types."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi import ResponseSpec
from litestar.params import FromPath

from core.jobs import service as jobs
from core.jobs.service import Dispatch
from core.web.background import JobRead, PreferHeader, accepted, prefers_async
from core.web.guards import account_of
from minutes.drafts import service
from minutes.drafts.jobs import BUILD_MINUTES
from minutes.drafts.service import MinutesView
from minutes.vocabulary import Decision, IdentifiedBy, MinutesStatus


class SignatureRead(msgspec.Struct):
    person_id: UUID
    decision: Decision
    version_sha256: str
    signed_at: datetime
    reason: str | None = None
    #: account (the participant, logged in), staff (recorded by a coordinator or administrator)
    #: or signing_link (the link emailed to the participant for this version).
    identified_by: IdentifiedBy | None = None


class MinutesRead(msgspec.Struct):
    id: UUID
    session_id: UUID
    version: int
    version_sha256: str
    status: MinutesStatus
    signatures: list[SignatureRead]
    pending_signers: list[UUID]
    pdf_url: str
    sealed_sha256: str | None = None
    sealed_at: datetime | None = None
    document_number: str | None = None


def minutes_read(view: MinutesView) -> MinutesRead:
    return MinutesRead(
        id=view.id,
        session_id=view.session_id,
        version=view.version,
        version_sha256=view.version_sha256,
        status=view.status,
        signatures=[
            msgspec.convert(signature, SignatureRead, from_attributes=True)
            for signature in view.signatures
        ],
        pending_signers=list(view.pending_signers),
        pdf_url=f"/api/v1/minutes/{view.id}/pdf",
        sealed_sha256=view.sealed_sha256,
        sealed_at=view.sealed_at,
        document_number=view.document_number,
    )


class SessionMinutesController(Controller):
    path = "/api/v1/sessions/{session_id:uuid}/minutes"
    tags = ["minutes"]

    @post(
        "/",
        operation_id="buildMinutes",
        responses={202: ResponseSpec(JobRead, description="Prefer: respond-async: building")},
    )
    async def build(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[UUID],
        dispatch_job: NamedDependency[Dispatch],
        prefer: PreferHeader = None,
    ) -> MinutesRead:
        viewer, now = account_of(request), datetime.now(UTC)
        if prefers_async(prefer):
            job = await jobs.start_job(viewer, BUILD_MINUTES, session_id, now, dispatch_job)
            # Litestar sends a Response as it is; the annotation documents the 201.
            return cast(MinutesRead, accepted(job))
        return minutes_read(await service.build_minutes(viewer, session_id, now))

    @get("/", operation_id="getSessionMinutes")
    async def current(
        self, request: Request[Any, Any, Any], session_id: FromPath[UUID]
    ) -> MinutesRead:
        """The session's current minutes (staff, and the session's participants)."""
        return minutes_read(await service.session_minutes(account_of(request), session_id))


class MinutesController(Controller):
    path = "/api/v1/minutes/{minutes_id:uuid}"
    tags = ["minutes"]

    @get("/", operation_id="getMinutes")
    async def get_minutes(
        self, request: Request[Any, Any, Any], minutes_id: FromPath[UUID]
    ) -> MinutesRead:
        return minutes_read(await service.get_minutes(account_of(request), minutes_id))

    @get("/pdf", operation_id="getMinutesPdf", media_type="application/pdf")
    async def pdf(
        self, request: Request[Any, Any, Any], minutes_id: FromPath[UUID]
    ) -> Response[bytes]:
        data, sha256 = await service.minutes_pdf(account_of(request), minutes_id)
        return Response(
            data,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'attachment; filename="minutes-{minutes_id}.pdf"',
                "ETag": f'"{sha256}"',
                "X-Content-SHA256": sha256,
            },
        )
