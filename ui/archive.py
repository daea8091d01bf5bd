"""The archivist's page: search sealed minutes, download their PDF and BagIt package, and
verify a PDF someone holds, over the archive's and the minutes' own services."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Template

from core.errors import DomainError
from core.web.paging import Offset
from core.web.wire import has_line_break
from minutes.access import ensure_archive_reader
from minutes.archive import service as archive
from minutes.archive.bags import service as bags
from minutes.archive.service import MAX_UPLOAD_BYTES, ArchiveQuery, Verification
from minutes.drafts import service as minutes
from minutes.drafts.service import MinutesView
from ui.forms import PageForm
from ui.i18n import labels
from ui.page import signed_in_viewer
from ui.render import render

#: One page of results; narrowing the search finds the rest.
SHOWN = 50
#: As the API's search takes (minutes.archive.api.SearchText).
MAX_SEARCH_TEXT = 200
#: Room for the multipart envelope around the largest file verification accepts.
_MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64 * 1024
_SEARCH_FIELDS = ("document_number", "case", "session_title", "held_from", "held_to")


class VerifyForm(PageForm):
    file: UploadFile | None = None


def error_label(error: DomainError) -> str:
    """The catalog label of a refusal: its code's own, else the general one."""
    key = f"archive_error_{error.code}"
    return key if key in labels("en") else "archive_error_refused"


def _text(value: str, field: str, errors: dict[str, str]) -> str | None:
    """A part of a name or number to search for, held to what the API's search takes."""
    value = value.strip()
    if has_line_break(value) or len(value) > MAX_SEARCH_TEXT:
        errors[field] = "archive_error_invalid_text"
        return None
    return value or None


def _date(value: str, field: str, errors: dict[str, str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors[field] = "archive_error_invalid_date"
        return None


def _pages(form: dict[str, str], offset: int, total: int) -> dict[str, str]:
    """Links to the previous and next page of results, the search kept."""
    searched = {name: value for name, value in form.items() if value}
    links = {}
    if offset > 0:
        links["previous"] = urlencode({**searched, "offset": max(offset - SHOWN, 0)})
    if offset + SHOWN < total:
        links["next"] = urlencode({**searched, "offset": offset + SHOWN})
    return {rel: f"/ui/archive?{query}" for rel, query in links.items()}


def _reasons(result: Verification) -> list[str]:
    """Why a file is not intact, as labels a reader of either language can read; the
    service's own wording follows them on the page as the details."""
    if result.intact:
        return []
    reasons = []
    if result.minutes_id is None:
        reasons.append("archive_reason_not_minutes")
    else:
        reasons.append("archive_reason_not_the_original")
    if not result.seal.valid:
        reasons.append("archive_reason_seal_invalid")
    elif not result.seal.covers_whole_file:
        reasons.append("archive_reason_seal_partial")
    return reasons


class ArchiveController(Controller):
    path = "/ui/archive"
    include_in_schema = False

    @get("/")
    async def search(
        self,
        request: Request[Any, Any, Any],
        document_number: FromQuery[str] = "",
        case: FromQuery[str] = "",
        session_title: FromQuery[str] = "",
        held_from: FromQuery[str] = "",
        held_to: FromQuery[str] = "",
        offset: Offset = 0,
    ) -> Template:
        viewer = signed_in_viewer(request)
        form = dict(
            zip(
                _SEARCH_FIELDS,
                (document_number, case, session_title, held_from, held_to),
                strict=True,
            )
        )
        errors: dict[str, str] = {}
        query = ArchiveQuery(
            document_number=_text(document_number, "document_number", errors),
            case=_text(case, "case", errors),
            session_title=_text(session_title, "session_title", errors),
            held_from=_date(held_from, "held_from", errors),
            held_to=_date(held_to, "held_to", errors),
        )
        found: list[archive.ArchivedMinutes] = []
        total = 0
        status = 200
        # A search with a part that is not valid finds nothing, rather than what the rest finds.
        if errors:
            ensure_archive_reader(viewer)
            status = 400
        else:
            try:
                found, total = await archive.search_sealed_minutes(viewer, query, SHOWN, offset)
            except DomainError as refused:
                if refused.field not in _SEARCH_FIELDS:
                    raise
                errors[refused.field] = error_label(refused)
                status = 422
        context = {
            "form": form,
            "errors": errors,
            "found": found,
            "total": total,
            "offset": offset,
            "pages": _pages(form, offset, total),
        }
        return await _archive_page(request, context, status_code=status)

    @get("/{minutes_id:uuid}/minutes.pdf", media_type="application/pdf")
    async def pdf(
        self, request: Request[Any, Any, Any], minutes_id: FromPath[UUID]
    ) -> Response[bytes]:
        viewer = signed_in_viewer(request)
        ensure_archive_reader(viewer)
        data, sha256 = await minutes.minutes_pdf(viewer, minutes_id)
        return Response(
            data,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'attachment; filename="minutes-{minutes_id}.pdf"',
                "X-Content-SHA256": sha256,
            },
        )

    @get("/{minutes_id:uuid}/bag.zip", media_type="application/zip")
    async def bag(
        self, request: Request[Any, Any, Any], minutes_id: FromPath[UUID]
    ) -> Response[bytes]:
        package = await bags.minutes_bag(signed_in_viewer(request), minutes_id, datetime.now(UTC))
        return Response(
            package.content,
            media_type="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{package.filename}"'},
        )

    @post("/verify", status_code=200, request_max_body_size=_MAX_REQUEST_BYTES)
    async def verify(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[VerifyForm, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> Template:
        viewer = signed_in_viewer(request)
        # The page is the archive's; whoever else holds a copy verifies it through the API.
        ensure_archive_reader(viewer)
        content = await data.file.read() if isinstance(data.file, UploadFile) else b""
        context: dict[str, Any] = {"form": {}, "errors": {}, "found": None, "total": 0, "pages": {}}
        try:
            result = await archive.verify_pdf(content)
        except DomainError as refused:
            context["errors"] = {"file": error_label(refused)}
            return await _archive_page(request, context, status_code=422)
        context["verification"] = result
        context["reasons"] = _reasons(result)
        context["verified"] = await _readable_minutes(request, result.minutes_id)
        context["file_name"] = data.file.filename if isinstance(data.file, UploadFile) else ""
        return await _archive_page(request, context)


async def _readable_minutes(
    request: Request[Any, Any, Any], minutes_id: UUID | None
) -> MinutesView | None:
    """The minutes a verified file names, when this viewer may read them (their number)."""
    if minutes_id is None:
        return None
    try:
        return await minutes.get_minutes(signed_in_viewer(request), minutes_id)
    except DomainError:
        return None


async def _archive_page(
    request: Request[Any, Any, Any], context: dict[str, Any], *, status_code: int = 200
) -> Template:
    full = {"verification": None, "reasons": [], "verified": None, "file_name": "", **context}
    return await render(request, "archive/page.html", full, status_code=status_code)
