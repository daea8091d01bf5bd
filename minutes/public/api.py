"""HTTP endpoint for the redacted public version of a public hearing's minutes (no login)."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Response, get
from litestar.params import FromPath

from core.web.guards import throttled_per_address
from minutes.public import service as public


class PublicMinutesController(Controller):
    path = "/api/v1/minutes/{minutes_id:uuid}"
    tags = ["minutes"]

    @get(
        "/public.pdf",
        operation_id="getPublicMinutesPdf",
        media_type="application/pdf",
        guards=[throttled_per_address("public_minutes")],
    )
    async def public_pdf(self, minutes_id: FromPath[UUID]) -> Response[bytes]:
        data, sha256 = await public.public_pdf(minutes_id)
        return Response(
            data,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="minutes-{minutes_id}-public.pdf"',
                "ETag": f'"{sha256}"',
                "X-Content-SHA256": sha256,
            },
        )
