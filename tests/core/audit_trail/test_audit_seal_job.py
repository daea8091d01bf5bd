"""On PostgreSQL the audit head is sealed by a periodic job of the job engine, once a period for
all hosts, instead of a loop in every app worker."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

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


async def _succeeded() -> int:
    [row] = await database().run_ddl(
        "SELECT count(*) AS n FROM procrastinate_jobs "
        f"WHERE task_name = '{AUDIT_SEAL_TASK}' AND status = 'succeeded'"
    )
    return int(row["n"])


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
    done = await _succeeded()
    async with workers(app, concord_jobs(hourly)):
        for round_ in (1, 2):
            await app.configure_task(AUDIT_SEAL_TASK).defer_async(timestamp=round_)

            async def ran(target: int = done + round_) -> bool:
                return await _succeeded() >= target

            await eventually(ran)
    # The second round found the log's last entry to be the first round's seal.
    assert len(await audit_rows(SEALED_ACTION)) == before + 1
