"""Reading an uploaded or posted calendar for import."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request

from core.errors import RuleViolation


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
