"""Request work done in the background: recorded, run attempt by attempt, and polled.

A request that says ``Prefer: respond-async`` gets a job instead of waiting for the work (a
PDF rendered, minutes sealed). The job runs with the rights of whoever asked, and ends
succeeded (with the link to what it made) or failed (with the domain error, as the request
would have answered).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

from core.access import Role, Viewer
from core.errors import (
    Conflict,
    DomainError,
    Forbidden,
    NotFound,
    RuleViolation,
    TooManyRequests,
    Unauthorized,
)
from core.jobs.engine import RETRY
from core.jobs.tables import BackgroundJob

logger = logging.getLogger(__name__)

#: Does the work on ``subject_id`` as ``viewer`` at ``now`` (``attempt`` counts from 1) and
#: returns the path of what it made.
Operation = Callable[[Viewer, UUID, datetime, int], Awaitable[str]]
#: Hands a recorded job to whatever runs it (the job engine, or a task of this process).
Dispatch = Callable[[UUID], Awaitable[None]]

#: Attempts before an unexpected error ends a job (the first run and the engine's retries);
#: domain errors end it at once.
MAX_ATTEMPTS = (RETRY.max_attempts or 0) + 1

#: The families a stored error keeps, so that polling answers it with the request's status.
ERROR_FAMILIES: tuple[type[DomainError], ...] = (
    NotFound,
    Conflict,
    RuleViolation,
    Unauthorized,
    Forbidden,
    TooManyRequests,
)


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@dataclass(frozen=True)
class JobError:
    #: The name of the domain error's family (``Conflict``), or ``Internal``.
    family: str
    code: str
    detail: str
    field: str | None = None


@dataclass(frozen=True)
class JobView:
    id: UUID
    kind: str
    status: JobStatus
    attempts: int
    created_at: datetime
    finished_at: datetime | None
    result_url: str | None
    error: JobError | None


async def start_job(
    viewer: Viewer, kind: str, subject_id: UUID, now: datetime, dispatch: Dispatch
) -> JobView:
    """Record the job, then hand it over: a worker must find the row it is told about."""
    job_id = uuid4()
    await BackgroundJob.insert(
        BackgroundJob(
            id=job_id,
            kind=kind,
            subject_id=subject_id,
            requested_by=viewer.account_id,
            viewer=_viewer_json(viewer),
            status=JobStatus.QUEUED,
            created_at=now,
        )
    )
    try:
        await dispatch(job_id)
    except Exception:
        await _settle(job_id, now, error=JobError("Internal", "job_not_queued", "not queued"))
        raise
    return await _view(job_id)


async def get_job(viewer: Viewer, job_id: UUID) -> JobView:
    """The one who asked and administrators see a job; to anyone else it does not exist."""
    row = await _row(job_id)
    if row is None or (row["requested_by"] != viewer.account_id and viewer.role is not Role.ADMIN):
        raise NotFound("no such job", field="job_id")
    return _view_of(row)


async def run_job(job_id: UUID, operations: Mapping[str, Operation], now: datetime) -> None:
    """One attempt. A domain error ends the job failed, as the request would have; any other
    error is raised so that the caller tries again, until the last attempt records it."""
    row = await _row(job_id)
    if row is None or row["status"] in (JobStatus.SUCCEEDED, JobStatus.FAILED):
        return
    attempt = row["attempts"] + 1
    await BackgroundJob.update(
        {BackgroundJob.status: JobStatus.RUNNING, BackgroundJob.attempts: attempt}
    ).where(BackgroundJob.id == job_id)
    try:
        result_url = await operations[row["kind"]](
            _viewer_of(row["viewer"]), row["subject_id"], now, attempt
        )
    except DomainError as error:
        await _settle(job_id, now, error=_error_of(error))
        return
    except Exception:
        if attempt < MAX_ATTEMPTS:
            raise
        logger.exception("background job %s (%s) failed for good", job_id, row["kind"])
        await _settle(
            job_id, now, error=JobError("Internal", "job_failed", "the work failed unexpectedly")
        )
        return
    await _settle(job_id, now, result_url=result_url)


def _error_of(error: DomainError) -> JobError:
    family = next((f.__name__ for f in ERROR_FAMILIES if isinstance(error, f)), "DomainError")
    return JobError(family, error.code, error.message, error.field)


async def _settle(
    job_id: UUID, now: datetime, *, result_url: str | None = None, error: JobError | None = None
) -> None:
    await BackgroundJob.update(
        {
            BackgroundJob.status: JobStatus.FAILED if error else JobStatus.SUCCEEDED,
            BackgroundJob.result_url: result_url,
            BackgroundJob.error: None if error is None else error.__dict__,
            BackgroundJob.finished_at: now,
        }
    ).where(BackgroundJob.id == job_id)


async def _row(job_id: UUID) -> dict[str, Any] | None:
    row: dict[str, Any] | None = (
        await BackgroundJob.select()
        .where(BackgroundJob.id == job_id)
        .first()
        .output(load_json=True)
    )
    return row


async def _view(job_id: UUID) -> JobView:
    row = await _row(job_id)
    assert row is not None
    return _view_of(row)


def _view_of(row: dict[str, Any]) -> JobView:
    error = row["error"]
    return JobView(
        id=row["id"],
        kind=row["kind"],
        status=JobStatus(row["status"]),
        attempts=row["attempts"],
        created_at=row["created_at"],
        finished_at=row["finished_at"],
        result_url=row["result_url"],
        error=JobError(**error) if error else None,
    )


def _viewer_json(viewer: Viewer) -> dict[str, Any]:
    return {
        "account_id": str(viewer.account_id),
        "email": viewer.email,
        "role": str(viewer.role),
        "person_id": None if viewer.person_id is None else str(viewer.person_id),
    }


def _viewer_of(data: dict[str, Any]) -> Viewer:
    return Viewer(
        account_id=UUID(data["account_id"]),
        email=data["email"],
        role=Role(data["role"]),
        person_id=None if data["person_id"] is None else UUID(data["person_id"]),
    )
