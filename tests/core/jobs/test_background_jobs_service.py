"""Request work run as background jobs: attempts, outcomes and who may see them."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from core.access import Role, Viewer
from core.errors import Conflict, NotFound
from core.jobs.dispatch import in_this_process
from core.jobs.service import MAX_ATTEMPTS, JobStatus, get_job, run_job, start_job
from tests.support.job_workers import eventually
from tests.support.viewers import viewer

ASKER = viewer(Role.COORDINATOR)


async def _queued(job_id: UUID) -> None:
    """A dispatcher that leaves the job to the test."""


async def _recorded(kind: str = "test.work") -> UUID:
    job = await start_job(ASKER, kind, uuid4(), datetime.now(UTC), _queued)
    assert job.status is JobStatus.QUEUED
    return job.id


async def test_a_job_runs_as_the_one_who_asked_and_links_its_result(db) -> None:
    seen: list[Viewer] = []

    async def work(as_viewer: Viewer, subject_id: UUID, now: datetime, attempt: int) -> str:
        seen.append(as_viewer)
        return f"/api/v1/things/{subject_id}"

    job_id = await _recorded()
    await run_job(job_id, {"test.work": work}, datetime.now(UTC))
    job = await get_job(ASKER, job_id)
    assert job.status is JobStatus.SUCCEEDED
    assert job.result_url is not None and job.result_url.startswith("/api/v1/things/")
    assert job.finished_at is not None
    assert seen == [ASKER]


async def test_a_domain_error_ends_the_job_at_once(db) -> None:
    async def work(as_viewer: Viewer, subject_id: UUID, now: datetime, attempt: int) -> str:
        raise Conflict("taken", code="slot_taken", field="start")

    job_id = await _recorded()
    await run_job(job_id, {"test.work": work}, datetime.now(UTC))
    job = await get_job(ASKER, job_id)
    assert job.status is JobStatus.FAILED
    assert job.attempts == 1
    assert job.error is not None
    assert (job.error.family, job.error.code, job.error.field) == (
        "Conflict",
        "slot_taken",
        "start",
    )


async def test_an_unexpected_error_is_raised_for_a_retry_until_the_last_attempt(db) -> None:
    async def work(as_viewer: Viewer, subject_id: UUID, now: datetime, attempt: int) -> str:
        raise ConnectionError("the database went away")

    job_id = await _recorded()
    for _ in range(MAX_ATTEMPTS - 1):
        with pytest.raises(ConnectionError):
            await run_job(job_id, {"test.work": work}, datetime.now(UTC))
        assert (await get_job(ASKER, job_id)).status is JobStatus.RUNNING
    await run_job(job_id, {"test.work": work}, datetime.now(UTC))
    job = await get_job(ASKER, job_id)
    assert job.status is JobStatus.FAILED
    assert job.attempts == MAX_ATTEMPTS
    assert job.error is not None and job.error.code == "job_failed"


async def test_a_settled_job_is_not_run_again(db) -> None:
    runs: list[int] = []

    async def work(as_viewer: Viewer, subject_id: UUID, now: datetime, attempt: int) -> str:
        runs.append(attempt)
        return "/done"

    job_id = await _recorded()
    await run_job(job_id, {"test.work": work}, datetime.now(UTC))
    await run_job(job_id, {"test.work": work}, datetime.now(UTC))
    assert runs == [1]


async def test_other_accounts_do_not_see_a_job_and_administrators_do(db) -> None:
    job_id = await _recorded()
    with pytest.raises(NotFound):
        await get_job(viewer(Role.COORDINATOR), job_id)
    assert (await get_job(viewer(Role.ADMIN), job_id)).id == job_id


async def test_in_this_process_a_failed_attempt_is_tried_again(db) -> None:
    attempts: list[int] = []

    async def flaky(as_viewer: Viewer, subject_id: UUID, now: datetime, attempt: int) -> str:
        attempts.append(attempt)
        if attempt == 1:
            raise ConnectionError("not yet")
        return "/done"

    async with in_this_process({"test.work": flaky}) as dispatch:
        job = await start_job(ASKER, "test.work", uuid4(), datetime.now(UTC), dispatch)

        async def succeeded() -> bool:
            return (await get_job(ASKER, job.id)).status is JobStatus.SUCCEEDED

        await eventually(succeeded)
    assert attempts == [1, 2]
