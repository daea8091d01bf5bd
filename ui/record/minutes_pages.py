"""The minutes on the session's page: build (as POST /api/v1/sessions/{id}/minutes), seal (as
POST /api/v1/minutes/{id}/seal), and the PDFs streamed to the cookie session, the same bytes
the API serves to a bearer token."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from core.errors import DomainError
from minutes.drafts import service as drafts
from minutes.seal import service as sealing
from minutes.versions import service as versions
from ui.forms import PageForm
from ui.page import signed_in_viewer
from ui.record.fragments import after_action, fragment_answer, is_htmx
from ui.record.minutes_view import minutes_shown
from ui.record.refusals import Refusal, refusal_of

SECTION = "minutes"
Form = Annotated[PageForm, Body(media_type=RequestEncodingType.URL_ENCODED)]


async def _show(
    request: Request[Any, Any, Any], session_id: UUID, refusal: Refusal | None = None
) -> Template:
    shown = await minutes_shown(signed_in_viewer(request), session_id)
    return await fragment_answer(request, SECTION, session_id, {"shown": shown}, refusal)


async def _answered(
    request: Request[Any, Any, Any], session_id: UUID, refusal: Refusal | None
) -> Template | Redirect:
    if refusal is None and not is_htmx(request):
        return after_action(SECTION, session_id)
    return await _show(request, session_id, refusal)


def _pdf(data: bytes, sha256: str, filename: str) -> Response[bytes]:
    return Response(
        data,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "ETag": f'"{sha256}"',
            "X-Content-SHA256": sha256,
        },
    )


class MinutesPageController(Controller):
    path = "/ui/sessions/{session_id:uuid}/minutes"
    include_in_schema = False

    @get("/")
    async def minutes(
        self, request: Request[Any, Any, Any], session_id: FromPath[UUID]
    ) -> Template:
        return await _show(request, session_id)

    @post("/", status_code=200)
    async def build(
        self, request: Request[Any, Any, Any], session_id: FromPath[UUID], data: Form
    ) -> Template | Redirect:
        try:
            await drafts.build_minutes(signed_in_viewer(request), session_id, datetime.now(UTC))
        except DomainError as refused:
            return await _answered(request, session_id, refusal_of(refused, "build"))
        return await _answered(request, session_id, None)

    @post("/seal", status_code=200)
    async def seal(
        self, request: Request[Any, Any, Any], session_id: FromPath[UUID], data: Form
    ) -> Template | Redirect:
        viewer = signed_in_viewer(request)
        try:
            current = await drafts.session_minutes(viewer, session_id)
            await sealing.seal_minutes(viewer, current.id, datetime.now(UTC))
        except DomainError as refused:
            return await _answered(request, session_id, refusal_of(refused, "seal"))
        return await _answered(request, session_id, None)


class MinutesDownloadController(Controller):
    path = "/ui/minutes/{minutes_id:uuid}"
    include_in_schema = False

    @get("/pdf", media_type="application/pdf")
    async def pdf(
        self, request: Request[Any, Any, Any], minutes_id: FromPath[UUID]
    ) -> Response[bytes]:
        """The sealed PDF once sealed, else the current draft (as GET /api/v1/minutes/{id}/pdf)."""
        data, sha256 = await drafts.minutes_pdf(signed_in_viewer(request), minutes_id)
        return _pdf(data, sha256, f"minutes-{minutes_id}.pdf")

    @get("/versions/{number:int}/pdf", media_type="application/pdf")
    async def version_pdf(
        self, request: Request[Any, Any, Any], minutes_id: FromPath[UUID], number: FromPath[int]
    ) -> Response[bytes]:
        data, sha256 = await versions.version_pdf(signed_in_viewer(request), minutes_id, number)
        return _pdf(data, sha256, f"minutes-{minutes_id}-v{number}.pdf")
