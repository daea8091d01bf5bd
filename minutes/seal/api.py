"""HTTP endpoint for sealing the minutes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from litestar import Controller, Request, post
from litestar.params import FromPath

from core.web.guards import account_of
from minutes.drafts.api import MinutesRead, minutes_read
from minutes.seal import service as sealing


class SealController(Controller):
    path = "/api/v1/minutes/{minutes_id:uuid}"
    tags = ["minutes"]

    @post("/seal", operation_id="sealMinutes", status_code=200)
    async def seal(
        self, request: Request[Any, Any, Any], minutes_id: FromPath[UUID]
    ) -> MinutesRead:
        view = await sealing.seal_minutes(account_of(request), minutes_id, datetime.now(UTC))
        return minutes_read(view)
