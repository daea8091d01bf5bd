"""PostgreSQL with one pooled connection lent to each request, from its first query on.

Piccolo takes a connection from the pool for every query outside a transaction, and another
for each transaction. A request then queues for the pool once per query: a booking waited once
to check its token and again for its transaction, each time behind every other request, and at
32 clients on a pool of 10 those two waits doubled its slowest answers against a hand-written
asyncpg endpoint that takes one connection per request. Lent once, a request queues once; and
requests take their turns in the order they asked: asyncpg's pool hands a connection just given
back to whoever asks next, ahead of those already waiting, which stretched the slowest waits.

What runs outside a request (jobs, the command line) is served from the pool as before. Work a
request runs concurrently (two tasks at once) is not serialised: whatever finds the lent
connection busy, or inside another task's transaction, takes a pooled one of its own (one
connection is never lent, so that there always is one). Before a long wait that needs no
database (``core.db.in_thread``: hashing a password, rendering, planning) a request sets its
connection aside, so that a wave of logins does not hold the pool.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

import asyncpg
from piccolo.engine.postgres import PostgresEngine, PostgresTransaction


class _Lease:
    """A request's connection: taken from the pool (after waiting its turn) when first needed,
    given back when the request is done with it and nothing is still running on it."""

    __slots__ = (
        "_connection",
        "_ended",
        "_has_turn",
        "_pool",
        "_turns",
        "busy",
        "in_transaction",
    )

    def __init__(self, pool: asyncpg.Pool, turns: asyncio.Semaphore) -> None:
        self._pool = pool
        self._turns = turns
        self._connection: asyncpg.Connection | None = None
        self._has_turn = False
        self._ended = False
        self.busy = False
        self.in_transaction = False

    @property
    def free(self) -> bool:
        return not (self._ended or self.busy or self.in_transaction)

    async def connection(self) -> asyncpg.Connection:
        if self._connection is None:
            if not self._has_turn:
                await self._turns.acquire()
                self._has_turn = True
            self._connection = await self._pool.acquire()
        return self._connection

    async def fetch(self, query: str, args: Sequence[Any]) -> list[asyncpg.Record]:
        self.busy = True
        try:
            connection = await self.connection()
            try:
                rows: list[asyncpg.Record] = await connection.fetch(query, *args)
            except BaseException:
                if connection.is_closed():
                    await self.discard()
                raise
            return rows
        finally:
            self.busy = False
            await self.give_back_if_done()

    async def discard(self) -> None:
        """The connection goes back to the pool, which rolls back whatever it was left in (or
        closes it); the request's next query takes a fresh one, without queueing again."""
        connection, self._connection = self._connection, None
        if connection is not None:
            await self._pool.release(connection)

    async def set_aside(self) -> None:
        """Connection and turn go back until the next query, unless something runs on it."""
        if not (self.busy or self.in_transaction):
            await self._give_back()

    async def end(self) -> None:
        self._ended = True
        await self.give_back_if_done()

    async def give_back_if_done(self) -> None:
        if self._ended and not (self.busy or self.in_transaction):
            await self._give_back()

    async def _give_back(self) -> None:
        try:
            await self.discard()
        finally:
            if self._has_turn:
                self._has_turn = False
                self._turns.release()


_lease: ContextVar[_Lease | None] = ContextVar("concord_postgres_lease", default=None)

#: Pooled connections never lent to a request: what a request runs beside its own queries (two
#: tasks at once) and jobs running in the app's process take a connection from the pool while
#: requests hold theirs, and with every connection lent they would wait for ever.
NEVER_LENT = 1


async def set_connection_aside() -> None:
    """Before a long wait that needs no database (a thread hashing, parsing or planning; a
    calendar fetched from elsewhere): the calling request's connection goes back to the pool,
    and its next query waits its turn again. A transaction keeps its connection."""
    lease = _lease.get()
    if lease is not None:
        await lease.set_aside()


class _LeasedTransaction(PostgresTransaction):
    """A transaction on the request's connection when it is free, else on a pooled one."""

    _lease: _Lease | None = None

    async def __aenter__(self) -> PostgresTransaction:
        try:
            return await super().__aenter__()
        except BaseException:
            await self._abandon()
            raise

    async def _abandon(self) -> None:
        """BEGIN failed or was cancelled, and no __aexit__ follows: the connection, perhaps in a
        transaction after all, goes back to the pool, which rolls it back."""
        lease = self._lease
        if lease is not None:
            lease.in_transaction = False
            await lease.discard()
            await lease.give_back_if_done()
        elif self.engine.pool is not None and getattr(self, "connection", None) is not None:
            await self.engine.pool.release(self.connection)

    async def get_connection(self) -> Any:
        lease = _lease.get()
        if lease is None or not lease.free:
            return await super().get_connection()  # type: ignore[no-untyped-call]
        self._lease = lease
        lease.in_transaction = True
        return await lease.connection()

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        lease = self._lease
        if self._parent is not None or lease is None:
            return bool(await super().__aexit__(exception_type, exception, traceback))
        # As Piccolo ends a transaction, except that the connection stays with the request.
        ended = False
        try:
            if exception is not None:
                if not self._rolled_back:
                    await self.rollback()  # type: ignore[no-untyped-call]
            elif not self._committed and not self._rolled_back:
                await self.commit()  # type: ignore[no-untyped-call]
            ended = not self.connection.is_in_transaction()
        finally:
            lease.in_transaction = False
            self.engine.current_transaction.reset(self.context)
            if not ended:
                # COMMIT or ROLLBACK failed: the request goes on with a fresh connection.
                await lease.discard()
            await lease.give_back_if_done()
        return exception is None


class LendingPostgresEngine(PostgresEngine):
    """Piccolo's PostgreSQL engine, serving a request's queries from the connection lent to it
    (``lend_connection``); anything else from the pool, as Piccolo does."""

    #: One turn per lent connection, taken in the order requests ask (asyncio's semaphore is
    #: first come, first served).
    _turns: asyncio.Semaphore | None = None

    async def start_connection_pool(self, **kwargs: Any) -> None:
        await super().start_connection_pool(**kwargs)
        if self.pool is not None and self.pool.get_max_size() > NEVER_LENT:
            self._turns = asyncio.Semaphore(self.pool.get_max_size() - NEVER_LENT)

    async def close_connection_pool(self) -> None:
        await super().close_connection_pool()
        self._turns = None

    def transaction(self, allow_nested: bool = True) -> PostgresTransaction:
        return _LeasedTransaction(engine=self, allow_nested=allow_nested)

    async def _run_in_pool(self, query: str, args: Sequence[Any] | None = None) -> Any:
        lease = _lease.get()
        if lease is None or not lease.free:
            return await super()._run_in_pool(query, args)
        return await lease.fetch(query, args or ())

    @asynccontextmanager
    async def lend_connection(self) -> AsyncIterator[Callable[[], Awaitable[None]]]:
        """The scope of one request; what it yields gives the connection back early (once the
        response starts, so that a slow reader does not hold it). Nothing is taken without a
        pool (then every query opens its own connection, as configured), nor from a pool too
        small to keep one back."""
        if self.pool is None or self._turns is None:
            yield _nothing_to_give_back
            return
        lease = _Lease(self.pool, self._turns)
        token = _lease.set(lease)
        try:
            yield lease.end
        finally:
            _lease.reset(token)
            await lease.end()


async def _nothing_to_give_back() -> None:
    return None
