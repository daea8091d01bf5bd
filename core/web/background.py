"""Handing request work to the background: the ``Prefer: respond-async`` header, the 202 answer
and the job's wire type (GET /api/v1/jobs/{id}). Every api module that offers it uses these."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Response
from litestar.params import HeaderParameter

from core.jobs.service import ERROR_FAMILIES, JobStatus, JobView
from core.web.problems import status_of

#: RFC 7240: the client would rather have 202 and a job to poll than wait for the work.
RESPOND_ASYNC = "respond-async"

#: The ``Prefer`` request header of the endpoints that can hand their work to the background.
PreferHeader = Annotated[
    str | None,
    HeaderParameter(
        name="Prefer",
        required=False,
        max_length=200,
        description="`respond-async`: answer 202 with a job to poll (GET /api/v1/jobs/{id})",
    ),
]


class JobProblem(msgspec.Struct):
    """The problem the request would have answered had it waited (RFC 9457 members)."""

    status: int
    code: str
    detail: str
    field: str | None = None


class JobRead(msgspec.Struct):
    id: UUID
    kind: str
    #: queued, running, succeeded or failed.
    status: JobStatus
    attempts: int
    created_at: datetime
    finished_at: datetime | None = None
    #: When succeeded: where the result is (the minutes built or sealed).
    result_url: str | None = None
    #: When failed.
    error: JobProblem | None = None


def prefers_async(prefer: str | None) -> bool:
    """Whether one of the header's preferences (``a, b; param``) is respond-async."""
    if not prefer:
        return False
    return any(part.split(";")[0].strip().lower() == RESPOND_ASYNC for part in prefer.split(","))


def job_read(job: JobView) -> JobRead:
    error = None
    if job.error is not None:
        families = {family.__name__: family for family in ERROR_FAMILIES}
        family = families.get(job.error.family)
        error = JobProblem(
            status=500 if family is None else status_of(family(job.error.detail)),
            code=job.error.code,
            detail=job.error.detail,
            field=job.error.field,
        )
    return JobRead(
        id=job.id,
        kind=job.kind,
        status=job.status,
        attempts=job.attempts,
        created_at=job.created_at,
        finished_at=job.finished_at,
        result_url=job.result_url,
        error=error,
    )


def accepted(job: JobView) -> Response[JobRead]:
    """202 with the job, and where to poll it."""
    location = f"/api/v1/jobs/{job.id}"
    return Response(
        job_read(job),
        status_code=202,
        headers={"Location": location, "Preference-Applied": RESPOND_ASYNC},
    )
