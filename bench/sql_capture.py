"""The SQL a Concord use case sends to PostgreSQL, recorded so that a bare endpoint can send it too.

The bare endpoints of ``bench.bare_app`` are the floor Concord is measured against: the same
statements, byte for byte, on the same stack without Concord's code. Rather than copying each use
case's queries by hand (and drifting from them), the benchmark runs the use case once in its own
process with asyncpg's query logger on every pooled connection and keeps what was sent, in order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import asyncpg
from piccolo.engine.postgres import PostgresEngine

from core.db import database

T = TypeVar("T")


@dataclass(frozen=True)
class Statement:
    sql: str
    args: tuple[Any, ...]


_recording: list[Statement] | None = None


def _logged(record: asyncpg.connection.LoggedQuery) -> None:
    if _recording is not None:
        _recording.append(Statement(record.query, tuple(record.args or ())))


async def _log_queries(connection: asyncpg.Connection) -> None:
    connection.add_query_logger(_logged)


async def start_recording_pool() -> None:
    """Serve the benchmark's own queries from a pool whose connections report what they send."""
    engine = database()
    assert isinstance(engine, PostgresEngine), "the bare endpoints are asyncpg: PostgreSQL only"
    await engine.start_connection_pool(min_size=1, max_size=4, init=_log_queries)


async def stop_recording_pool() -> None:
    engine = database()
    assert isinstance(engine, PostgresEngine)
    await engine.close_connection_pool()


async def record(run: Callable[[], Awaitable[T]]) -> tuple[T, list[Statement]]:
    """``run()``'s result and the statements it sent, in the order they completed."""
    global _recording
    _recording = []
    try:
        result = await run()
        # The logger's callbacks are scheduled with call_soon: let the last ones land.
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        return result, _recording
    finally:
        _recording = None
