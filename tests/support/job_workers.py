"""Job workers (procrastinate, PostgreSQL) running on the test's own event loop."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from procrastinate import App

from core.db import database, is_sqlite
from core.jobs.worker import in_process_worker
from core.settings import get_settings

needs_postgres = pytest.mark.skipif(
    is_sqlite(), reason="procrastinate is PostgreSQL-backed; SQLite keeps the in-app loops"
)


@contextlib.asynccontextmanager
async def workers(*apps: App, concurrency: int = 2) -> AsyncIterator[None]:
    """One worker per app (each as a separate host would run it), stopped when the block ends."""
    async with contextlib.AsyncExitStack() as stack:
        for app in apps:
            await stack.enter_async_context(app.open_async())
            await stack.enter_async_context(in_process_worker(app, concurrency))
        yield


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s")
        await asyncio.sleep(0.1)


async def registered_workers() -> int:
    [row] = await database().run_ddl("SELECT count(*) AS n FROM procrastinate_workers")
    return int(row["n"])


@contextlib.asynccontextmanager
async def jobs_running() -> AsyncIterator[None]:
    """Whatever runs background jobs: on PostgreSQL a job worker (the tests' app starts none),
    on SQLite the app's own tasks, which need nothing more."""
    if is_sqlite():
        yield
        return
    from jobs import concord_jobs

    async with workers(concord_jobs(get_settings())):
        yield


async def settled_job(client: Any, location: str, headers: dict[str, str]) -> dict[str, Any]:
    """Poll a job's Location until it has succeeded or failed."""
    job: dict[str, Any] = {}

    async def settled() -> bool:
        nonlocal job
        response = await client.get(location, headers=headers)
        assert response.status_code == 200, response.text
        job = response.json()
        return job["status"] in ("succeeded", "failed")

    await eventually(settled, timeout=60)
    return job
