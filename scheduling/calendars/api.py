"""HTTP endpoint for importing a person's busy times from a calendar, and reading uploads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, post
from litestar.params import FromPath

from core.access import ensure_self_or_staff
from core.errors import RuleViolation
from core.web.guards import account_of
from scheduling.calendars import service as calendar_service


class CalendarUrlIn(msgspec.Struct):
    url: Annotated[str, msgspec.Meta(pattern=r"^https?://", max_length=2000)]


class CalendarImported(msgspec.Struct):
    busy_blocks: int
    source: str


async def uploaded_calendar(request: Request[Any, Any, Any]) -> tuple[str, str]:
    """The file name and text of the .ics sent in the multipart field ``file``."""
    upload = (await request.form()).get("file")
    if upload is None or isinstance(upload, str):
        raise RuleViolation(
            "send the .ics file in the multipart field `file`", code="file_required", field="file"
        )
    text = (await upload.read()).decode("utf-8", errors="replace")
    return upload.filename or "calendar.ics", text


class CalendarImportController(Controller):
    path = "/api/v1/people/{person_id:uuid}"
    tags = ["availability"]

    @post("/calendars", operation_id="importCalendar")
    async def calendars(
        self, request: Request[Any, Any, Any], person_id: FromPath[UUID]
    ) -> CalendarImported:
        """Import busy times: JSON `{url}` fetches a calendar; multipart `file` uploads one."""
        ensure_self_or_staff(account_of(request), person_id)
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("multipart/form-data"):
            filename, text = await uploaded_calendar(request)
            source = f"upload:{filename}"[:300]
        else:
            try:
                body = msgspec.json.decode(await request.body(), type=CalendarUrlIn)
            except msgspec.ValidationError as exc:
                raise RuleViolation(str(exc), code="invalid_request", field="url") from exc
            count, source = await calendar_service.subscribe_calendar(
                person_id, body.url, datetime.now(UTC)
            )
            return CalendarImported(busy_blocks=count, source=source)
        count = await calendar_service.import_calendar(person_id, text, source)
        return CalendarImported(busy_blocks=count, source=source)
