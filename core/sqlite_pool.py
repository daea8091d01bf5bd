"""The embedded SQLite engine with its connections kept open and lent out in turn.

Piccolo's SQLite engine opens a connection, and with it a thread, for every query and every
transaction; that cost more than the small indexed queries Concord runs, and held the embedded
default to about 100 requests a second. Here connections stay open (a few per event loop) and
the database runs in write-ahead-log mode, so readers and the one writer do not wait for each
other, and a statement is one trip to its connection's thread (Piccolo's takes three, four in a
transaction: each wakes a thread and hands the interpreter lock over and back). Writers still
take the write lock up front (core.db.write_transaction).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import aiosqlite
from piccolo.engine.sqlite import SQLiteEngine, dict_factory

#: Connections open per event loop. Each has a thread, and every thread wakes up wanting the GIL
#: the event loop needs: with one per concurrent request (32 under load) the loop starved and a
#: worker served a fifth of what two workers did. A request finding all of them lent out waits.
MAX_CONNECTIONS = 4
#: A wait this long means something holds connections while waiting for another: then one more
#: is opened rather than waiting for ever.
OVERFLOW_AFTER_SECONDS = 2.0


class _Lent:
    """A pooled connection as Piccolo uses it; closing it gives it back to the pool."""

    __slots__ = ("_connection", "_pool")

    def __init__(self, connection: aiosqlite.Connection, pool: _Pool) -> None:
        object.__setattr__(self, "_connection", connection)
        object.__setattr__(self, "_pool", pool)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._connection, name, value)

    async def close(self) -> None:
        await self._pool.give_back(self._connection)


class _Pool:
    def __init__(self, connection_kwargs: dict[str, Any]) -> None:
        self._connection_kwargs = connection_kwargs
        self._idle: list[aiosqlite.Connection] = []
        self._waiting: list[asyncio.Future[aiosqlite.Connection]] = []
        self._open = 0
        self._loop: asyncio.AbstractEventLoop | None = None

    async def take(self) -> aiosqlite.Connection:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            # Connections answer on the loop that asked; a new loop (a new test) starts afresh.
            self.discard()
            self._loop = loop
        if self._idle:
            return self._idle.pop()
        if self._open >= MAX_CONNECTIONS:
            waiter: asyncio.Future[aiosqlite.Connection] = loop.create_future()
            self._waiting.append(waiter)
            try:
                return await asyncio.wait_for(asyncio.shield(waiter), OVERFLOW_AFTER_SECONDS)
            except TimeoutError:
                self._waiting.remove(waiter)
                if waiter.done():  # handed over just as the wait ran out
                    return waiter.result()
        self._open += 1
        try:
            return await self._connect()
        except BaseException:
            self._open -= 1
            raise

    async def _connect(self) -> aiosqlite.Connection:
        connection = aiosqlite.connect(**self._connection_kwargs)
        # An idle pooled connection outlives the event loop of a command; its thread must not
        # keep the process from exiting. What it committed is already in the database file.
        connection._thread.daemon = True
        await connection
        connection.row_factory = dict_factory  # type: ignore[assignment]
        await connection.execute("PRAGMA foreign_keys = 1")
        await connection.execute("PRAGMA journal_mode = WAL")
        await connection.execute("PRAGMA synchronous = NORMAL")
        return connection

    async def give_back(self, connection: aiosqlite.Connection) -> None:
        if connection.in_transaction:
            # Left open by a failure Piccolo did not roll back: never lend it out like that.
            await connection.rollback()
        if asyncio.get_running_loop() is not self._loop:
            await connection.close()
            return
        while self._waiting:
            waiter = self._waiting.pop(0)
            if not waiter.done():
                waiter.set_result(connection)
                return
        if len(self._idle) < MAX_CONNECTIONS:
            self._idle.append(connection)
        else:
            self._open -= 1
            await connection.close()

    @property
    def idle(self) -> int:
        return len(self._idle)

    @property
    def open(self) -> int:
        return self._open

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        self._open -= len(idle)
        for connection in idle:
            await connection.close()

    def discard(self) -> None:
        """Drop every idle connection without waiting (its loop may be gone)."""
        idle, self._idle = self._idle, []
        self._open, self._waiting = 0, []
        for connection in idle:
            with contextlib.suppress(Exception):
                connection.stop()


class PooledSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLite engine, with connections from a pool instead of a new one each time."""

    def __init__(self, path: str, **connection_kwargs: Any) -> None:
        super().__init__(path=path, **connection_kwargs)
        self.pool = _Pool(self.connection_kwargs)

    async def get_connection(self) -> Any:
        connection = await self.pool.take()
        return _Lent(connection, self.pool)

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: Any = None,
    ) -> Any:
        # Outside a transaction each statement commits on its own (isolation_level None), and
        # SQLite 3.35+ returns inserted keys itself (RETURNING): nothing else to do per query.
        connection = await self.pool.take()
        try:
            return await connection.execute_fetchall(query, args or [])
        finally:
            await self.pool.give_back(connection)

    async def _run_in_existing_connection(
        self,
        connection: Any,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: Any = None,
    ) -> Any:
        # Piccolo sets the foreign-keys pragma before every statement of a transaction (where
        # SQLite ignores it; a pooled connection has it from the start), then executes, fetches
        # and closes a cursor: four trips to the connection's thread, where one will do.
        return await connection.execute_fetchall(query, args or [])

    async def close_connections(self) -> None:
        """Close every idle connection (before the database file is replaced, or at exit)."""
        await self.pool.close()
