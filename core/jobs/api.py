"""GET /api/v1/jobs/{id}: what became of work handed to the background."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get
from litestar.params import FromPath

from core.jobs import service as jobs
from core.web.background import JobRead, job_read
from core.web.guards import account_of


class JobController(Controller):
    path = "/api/v1/jobs"
    tags = ["jobs"]

    @get("/{job_id:uuid}", operation_id="getJob")
    async def get_job(self, request: Request[Any, Any, Any], job_id: FromPath[UUID]) -> JobRead:
        """A job handed to the background by a `Prefer: respond-async` request; visible to
        the account that asked and to administrators."""
        return job_read(await jobs.get_job(account_of(request), job_id))
