"""HTTP endpoint for sealing the minutes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast
from uuid import UUID

from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.openapi import ResponseSpec
from litestar.params import FromPath

from core.jobs import service as jobs
from core.jobs.service import Dispatch
from core.web.background import JobRead, PreferHeader, accepted, prefers_async
from core.web.guards import account_of
from minutes.drafts.api import MinutesRead, minutes_read
from minutes.seal import service as sealing
from minutes.seal.jobs import SEAL_MINUTES


class SealController(Controller):
    path = "/api/v1/minutes/{minutes_id:uuid}"
    tags = ["minutes"]

    @post(
        "/seal",
        operation_id="sealMinutes",
        status_code=200,
        responses={202: ResponseSpec(JobRead, description="Prefer: respond-async: sealing")},
    )
    async def seal(
        self,
        request: Request[Any, Any, Any],
        minutes_id: FromPath[UUID],
        dispatch_job: NamedDependency[Dispatch],
        prefer: PreferHeader = None,
    ) -> MinutesRead:
        viewer, now = account_of(request), datetime.now(UTC)
        if prefers_async(prefer):
            job = await jobs.start_job(viewer, SEAL_MINUTES, minutes_id, now, dispatch_job)
            # Litestar sends a Response as it is; the annotation documents the 200.
            return cast(MinutesRead, accepted(job))
        return minutes_read(await sealing.seal_minutes(viewer, minutes_id, now))
