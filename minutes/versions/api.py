"""HTTP endpoints for the versions of the minutes: the list, each version's PDF, a diff."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get
from litestar.params import FromPath, Parameter, QueryParameter

from core.web.guards import account_of
from minutes.versions import service
from minutes.vocabulary import VersionStatus

#: As many digits as the diff's ``from`` and ``to`` take: a larger number is no version, and
#: one past 2^63 would overflow the database's integer.
VersionNumber = Annotated[int, Parameter(ge=1, le=999_999_999)]


class VersionRead(msgspec.Struct):
    version: int
    version_sha256: str
    #: draft | signing | sealed for the current version, superseded for every older one.
    status: VersionStatus
    created_at: datetime


class VersionList(msgspec.Struct):
    items: list[VersionRead]


class ChangeRead(msgspec.Struct):
    path: str
    before: Any
    after: Any


class DiffRead(msgspec.Struct):
    changes: list[ChangeRead]


class MinutesVersionController(Controller):
    path = "/api/v1/minutes/{minutes_id:uuid}"
    tags = ["minutes"]

    @get("/versions", operation_id="listMinutesVersions")
    async def versions(
        self, request: Request[Any, Any, Any], minutes_id: FromPath[UUID]
    ) -> VersionList:
        views = await service.list_versions(account_of(request), minutes_id)
        return VersionList(
            items=[msgspec.convert(v, VersionRead, from_attributes=True) for v in views]
        )

    @get(
        "/versions/{number:int}/pdf",
        operation_id="getMinutesVersionPdf",
        media_type="application/pdf",
    )
    async def version_pdf(
        self, request: Request[Any, Any, Any], minutes_id: FromPath[UUID], number: VersionNumber
    ) -> Response[bytes]:
        data, sha256 = await service.version_pdf(account_of(request), minutes_id, number)
        return Response(
            data,
            media_type="application/pdf",
            headers={
                "Content-Disposition": (
                    f'attachment; filename="minutes-{minutes_id}-v{number}.pdf"'
                ),
                "ETag": f'"{sha256}"',
                "X-Content-SHA256": sha256,
            },
        )

    @get("/diff", operation_id="diffMinutesVersions")
    async def diff(
        self,
        request: Request[Any, Any, Any],
        minutes_id: FromPath[UUID],
        # Read as text: the service answers a bad value with a 422 naming the parameter.
        from_version: Annotated[str | None, QueryParameter(name="from")] = None,
        to_version: Annotated[str | None, QueryParameter(name="to")] = None,
    ) -> DiffRead:
        """What changed in the record between two versions (``?from=1&to=2``)."""
        changes = await service.diff_versions(
            account_of(request), minutes_id, from_version, to_version
        )
        return DiffRead(changes=[ChangeRead(c.path, c.before, c.after) for c in changes])
