"""A sealing job retried after its worker crashed past the commit seals once and says so."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest

from core.access import Viewer
from core.jobs.service import JobStatus, get_job, run_job, start_job
from minutes.seal.jobs import SEAL_MINUTES, seal_minutes_job
from tests.support.audit import audit_rows
from tests.support.minutes_builders import STAFF, answer_all, booked_session, built_minutes


async def _left_to_the_test(job_id: UUID) -> None:
    pass


async def _seal_then_crash(viewer: Viewer, minutes_id: UUID, now: datetime, attempt: int) -> str:
    path = await seal_minutes_job(viewer, minutes_id, now, attempt)
    if attempt == 1:
        raise ConnectionError("the worker lost its connection before recording the outcome")
    return path


async def test_a_retried_seal_finds_the_minutes_sealed_and_reports_success(db) -> None:
    now = datetime.now(UTC)
    minutes = await answer_all(await built_minutes(await booked_session("RT-1"), now), now)
    job = await start_job(STAFF, SEAL_MINUTES, minutes.id, now, _left_to_the_test)
    operations = {SEAL_MINUTES: _seal_then_crash}

    with pytest.raises(ConnectionError):
        await run_job(job.id, operations, now)
    await run_job(job.id, operations, datetime.now(UTC))

    settled = await get_job(STAFF, job.id)
    assert settled.status is JobStatus.SUCCEEDED
    assert settled.attempts == 2
    assert settled.result_url == f"/api/v1/minutes/{minutes.id}"
    assert len(await audit_rows("minutes.sealed")) == 1


async def test_a_first_attempt_on_sealed_minutes_still_reports_the_conflict(db) -> None:
    now = datetime.now(UTC)
    minutes = await answer_all(await built_minutes(await booked_session("RT-2"), now), now)
    await seal_minutes_job(STAFF, minutes.id, now, 1)
    job = await start_job(STAFF, SEAL_MINUTES, minutes.id, now, _left_to_the_test)
    await run_job(job.id, {SEAL_MINUTES: seal_minutes_job}, now)
    settled = await get_job(STAFF, job.id)
    assert settled.status is JobStatus.FAILED
    assert settled.error is not None and settled.error.code == "minutes_sealed"
