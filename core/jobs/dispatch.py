"""Who runs a recorded background job: the job engine (PostgreSQL) or this process (SQLite)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime
from uuid import UUID

from procrastinate import App

from core.jobs.engine import RETRY
from core.jobs.service import MAX_ATTEMPTS, Dispatch, Operation, run_job

logger = logging.getLogger(__name__)

RUN_JOB_TASK = "core.jobs.run_background_job"

#: SQLite: how long the app's shutdown waits for jobs still running before cancelling them
#: (sealing is crash-safe: a cancelled seal leaves the minutes unsealed).
SHUTDOWN_GRACE_SECONDS = 30.0


def register_background_jobs(app: App, operations: Mapping[str, Operation]) -> None:
    @app.task(name=RUN_JOB_TASK, retry=RETRY)
    async def run_background_job(job_id: str) -> None:
        await run_job(UUID(job_id), operations, datetime.now(UTC))


def through_queue(app: App) -> Dispatch:
    """PostgreSQL: a job of the engine; any worker of any host may run it, each attempt once."""

    async def dispatch(job_id: UUID) -> None:
        await app.configure_task(RUN_JOB_TASK, lock=f"background_job:{job_id}").defer_async(
            job_id=str(job_id)
        )

    return dispatch


@contextlib.asynccontextmanager
async def in_this_process(operations: Mapping[str, Operation]) -> AsyncIterator[Dispatch]:
    """SQLite (one host): a task on this event loop, retried with the engine's backoff."""
    running: set[asyncio.Task[None]] = set()

    async def attempts(job_id: UUID) -> None:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                await run_job(job_id, operations, datetime.now(UTC))
                return
            except Exception:
                logger.exception("background job %s: attempt %d failed", job_id, attempt)
                await asyncio.sleep(RETRY.exponential_wait**attempt)

    async def dispatch(job_id: UUID) -> None:
        task = asyncio.create_task(attempts(job_id))
        running.add(task)
        task.add_done_callback(running.discard)

    try:
        yield dispatch
    finally:
        if running:
            _, late = await asyncio.wait(running, timeout=SHUTDOWN_GRACE_SECONDS)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
