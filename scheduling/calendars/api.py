"""HTTP endpoint for importing a person's busy times from a calendar, and reading uploads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, post
from litestar.params import FromPath

from core.errors import RuleViolation
from core.web.guards import account_of
from core.web.strict_body import refuse_unknown_form_fields
from core.web.wire import Body
from scheduling.calendars import service as calendar_service
from scheduling.calendars.ics_text import calendar_text, charset_of


class CalendarUrlIn(Body):
    url: Annotated[str, msgspec.Meta(pattern=r"^https?://", max_length=2000)]


class CalendarImported(msgspec.Struct):
    busy_blocks: int
    source: str


async def uploaded_calendar(request: Request[Any, Any, Any]) -> tuple[str, str]:
    """The file name and text of the .ics sent in the multipart field ``file``."""
    form = await request.form()
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise RuleViolation(
            "send the .ics file in the multipart field `file`", code="file_required", field="file"
        )
    refuse_unknown_form_fields(form.keys(), ("file",))
    # The part's own Content-Type header: ``upload.content_type`` has lost its parameters.
    declared = next((v for k, v in upload.headers.items() if k.lower() == "content-type"), None)
    text = calendar_text(await upload.read(), charset_of(declared), field="file")
    return upload.filename or "calendar.ics", text


def _calendar_url(body: bytes) -> str:
    try:
        return msgspec.json.decode(body, type=CalendarUrlIn).url
    except msgspec.DecodeError as exc:  # malformed JSON too, not only a wrong field
        raise RuleViolation(str(exc), code="invalid_request", field="url") from exc


class CalendarImportController(Controller):
    path = "/api/v1/people/{person_id:uuid}"
    tags = ["availability"]

    @post("/calendars", operation_id="importCalendar")
    async def calendars(
        self, request: Request[Any, Any, Any], person_id: FromPath[UUID]
    ) -> CalendarImported:
        """Import busy times: JSON `{url}` fetches a calendar; multipart `file` uploads one."""
        viewer = account_of(request)
        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            filename, text = await uploaded_calendar(request)
            imported = await calendar_service.import_upload_for(
                viewer, person_id, filename, text, datetime.now(UTC)
            )
        else:
            imported = await calendar_service.subscribe_calendar_for(
                viewer, person_id, _calendar_url(await request.body()), datetime.now(UTC)
            )
        return CalendarImported(busy_blocks=imported.busy_blocks, source=imported.source)
