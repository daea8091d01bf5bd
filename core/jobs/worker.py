"""Running a job worker: in the foreground (`concord worker`) or beside the app's requests."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from procrastinate import App


async def run_worker(app: App, concurrency: int, *, name: str = "concord") -> None:
    """Work the queue until cancelled or told to stop (SIGINT, SIGTERM)."""
    async with app.open_async():
        await app.run_worker_async(concurrency=concurrency, name=name)


@contextlib.asynccontextmanager
async def in_process_worker(app: App, concurrency: int) -> AsyncIterator[None]:
    """A worker of the open ``app`` on the caller's event loop for as long as the block runs.

    Signals stay the server's: the worker stops when the block ends, letting its running jobs
    finish first."""
    task = asyncio.create_task(
        app.run_worker_async(
            concurrency=concurrency, name="in-process", install_signal_handlers=False
        )
    )
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
