"""On PostgreSQL the audit head is sealed by a periodic job of the job engine, once a period for
all hosts, instead of a loop in every app worker."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
from procrastinate import App
from procrastinate.exceptions import AlreadyEnqueued

from core.audit import record_event
from core.audit_trail.jobs import AUDIT_SEAL_TASK
from core.audit_trail.service import SEALED_ACTION
from core.db import database
from core.settings import get_settings
from jobs import concord_jobs
from tests.support.audit import audit_rows, clear_sealed_heads
from tests.support.job_workers import eventually, needs_postgres, workers

pytestmark = needs_postgres


@pytest.fixture(autouse=True)
def no_sealed_heads() -> Iterator[None]:
    yield from clear_sealed_heads()


async def _jobs(status: str) -> int:
    [row] = await database().run_ddl(
        "SELECT count(*) AS n FROM procrastinate_jobs "
        f"WHERE task_name = '{AUDIT_SEAL_TASK}' AND status = '{status}'"
    )
    return int(row["n"])


async def _ask_for_a_seal(app: App, done: int) -> int:
    """Queue the seal job as its period would and wait until the queue holds none; returns
    how many have succeeded. A worker's own periodic tick (procrastinate queues a tick that
    passed shortly before it started) may have queued it already: the queueing lock keeps
    that one, which does the same."""
    with contextlib.suppress(AlreadyEnqueued):
        await app.configure_task(AUDIT_SEAL_TASK).defer_async(timestamp=int(time.time()))

    async def settled() -> bool:
        waiting = await _jobs("todo") + await _jobs("doing")
        return waiting == 0 and await _jobs("succeeded") > done

    await eventually(settled)
    return await _jobs("succeeded")


async def test_the_seal_is_a_periodic_job_and_an_idle_log_is_not_sealed_again(client) -> None:
    hourly = replace(get_settings(), audit_seal_minutes=60)
    app = concord_jobs(hourly)
    assert AUDIT_SEAL_TASK in app.tasks
    assert any(
        p.task.name == AUDIT_SEAL_TASK for p in app.periodic_registry.periodic_tasks.values()
    )
    assert AUDIT_SEAL_TASK not in concord_jobs(replace(hourly, audit_seal_minutes=0)).tasks

    await record_event("test.changed", "test", "1", {"n": 1})
    before = len(await audit_rows(SEALED_ACTION))
    async with workers(app, concord_jobs(hourly)):
        done = await _ask_for_a_seal(app, await _jobs("succeeded"))
        assert len(await audit_rows(SEALED_ACTION)) == before + 1
        # Nothing came since: the next period finds the log's last entry to be that seal.
        await _ask_for_a_seal(app, done)
    assert len(await audit_rows(SEALED_ACTION)) == before + 1
