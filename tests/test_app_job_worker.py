"""The app's lifespan on PostgreSQL: a job worker beside the app worker, stopped with it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from litestar.testing import AsyncTestClient

from app import create_app
from core.settings import get_settings
from tests.support.job_workers import eventually, needs_postgres, registered_workers

pytestmark = needs_postgres


@pytest.fixture
def settings_from(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Environment changes read by the next get_settings(); the old settings come back after."""
    get_settings.cache_clear()
    yield monkeypatch
    monkeypatch.undo()
    get_settings.cache_clear()


async def _registered(count: int) -> bool:
    return await registered_workers() == count


async def test_the_job_worker_starts_and_stops_with_the_app(db, settings_from) -> None:
    settings_from.setenv("CONCORD_JOBS_IN_PROCESS", "true")
    async with AsyncTestClient(app=create_app()) as client:
        await eventually(lambda: _registered(1))
        assert (await client.get("/health")).status_code == 200
    assert await registered_workers() == 0


async def test_no_job_worker_when_separate_workers_do_the_work(db, settings_from) -> None:
    settings_from.setenv("CONCORD_JOBS_IN_PROCESS", "false")
    async with AsyncTestClient(app=create_app()) as client:
        assert (await client.get("/health")).status_code == 200
        await asyncio.sleep(1)  # a worker would have registered by now
        assert await registered_workers() == 0
