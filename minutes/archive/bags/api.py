"""HTTP endpoint for the archival package (BagIt zip) of sealed minutes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get
from litestar.params import FromPath

from core.web.guards import account_of
from minutes.archive.bags import service as bags


class MinutesBagController(Controller):
    path = "/api/v1/minutes/{minutes_id:uuid}"
    tags = ["archive"]

    @get("/bag", operation_id="getMinutesBag", media_type="application/zip")
    async def bag(
        self, request: Request[Any, Any, Any], minutes_id: FromPath[UUID]
    ) -> Response[bytes]:
        bag = await bags.minutes_bag(account_of(request), minutes_id, datetime.now(UTC))
        return Response(
            bag.content,
            media_type="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{bag.filename}"'},
        )
