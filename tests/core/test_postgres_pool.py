"""One pooled PostgreSQL connection per request: its queries and transactions share it, it goes
back once the response starts (never under an open transaction), concurrent work inside one
request takes a connection of its own, and requests get connections in the order they asked.

Each test runs its own engine and pool on the test database, whichever pool size the suite
itself runs with (none: the test client serves the app on a loop of its own)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from core import postgres_pool
from core.db import in_thread
from core.postgres_pool import LendingPostgresEngine, set_connection_aside
from core.settings import get_settings
from core.web import request_connection
from core.web.request_connection import OneConnectionPerRequest
from tests.support.job_workers import needs_postgres

pytestmark = needs_postgres

PID = "SELECT pg_backend_pid() AS pid"


@pytest.fixture
async def engine(db: None) -> AsyncIterator[LendingPostgresEngine]:
    engine = LendingPostgresEngine(config={"dsn": get_settings().database_url})
    await engine.start_connection_pool(min_size=2, max_size=2)
    await engine.run_ddl("CREATE TABLE lease_probe (note TEXT)")
    try:
        yield engine
    finally:
        await engine.run_ddl("DROP TABLE lease_probe")
        await engine.close_connection_pool()


async def _pid(engine: LendingPostgresEngine) -> int:
    [row] = await engine.run_ddl(PID)
    return int(row["pid"])


def _idle(engine: LendingPostgresEngine) -> int:
    assert engine.pool is not None
    return int(engine.pool.get_idle_size())


async def _notes(engine: LendingPostgresEngine) -> list[str]:
    return [row["note"] for row in await engine.run_ddl("SELECT note FROM lease_probe")]


async def test_a_requests_queries_and_transactions_share_one_connection(engine) -> None:
    async with engine.lend_connection():
        before = await _pid(engine)
        assert _idle(engine) == 1
        async with engine.transaction():
            await engine.run_ddl("INSERT INTO lease_probe VALUES ('in the transaction')")
            inside = await _pid(engine)
        after = await _pid(engine)
        assert before == inside == after
        assert _idle(engine) == 1
    assert _idle(engine) == 2
    assert await _notes(engine) == ["in the transaction"]


async def test_the_connection_goes_back_early_but_never_under_an_open_transaction(engine) -> None:
    async with engine.lend_connection() as give_back:
        async with engine.transaction():
            await engine.run_ddl("INSERT INTO lease_probe VALUES ('kept')")
            await give_back()
            assert _idle(engine) == 1
            await engine.run_ddl("INSERT INTO lease_probe VALUES ('still in it')")
        assert _idle(engine) == 2
        # What the request still asks is answered from the pool.
        assert await _notes(engine) == ["kept", "still in it"]
        assert _idle(engine) == 2


async def test_a_failed_transaction_rolls_back_and_the_request_goes_on(engine) -> None:
    async with engine.lend_connection():
        with pytest.raises(RuntimeError):
            async with engine.transaction():
                await engine.run_ddl("INSERT INTO lease_probe VALUES ('rolled back')")
                raise RuntimeError("refused")
        await engine.run_ddl("INSERT INTO lease_probe VALUES ('on its own')")
        # Committed by itself: no transaction was left open on the lent connection.
        seen_elsewhere = await engine._run_in_new_connection("SELECT note FROM lease_probe")
        assert [row["note"] for row in seen_elsewhere] == ["on its own"]
    assert _idle(engine) == 2


async def test_concurrent_work_in_one_request_gets_its_own_connection(engine) -> None:
    async with engine.lend_connection():
        pids = await asyncio.gather(
            *(engine.run_ddl("SELECT pg_sleep(0.05), pg_backend_pid() AS pid") for _ in range(4))
        )
        assert len(pids) == 4
        lent = await _pid(engine)
        transaction_open = asyncio.Event()

        async def sibling() -> list[str]:
            await transaction_open.wait()
            return await _notes(engine)

        # Started before the transaction, so not part of it (a task started inside one is).
        outside = asyncio.create_task(sibling())
        async with engine.transaction():
            await engine.run_ddl("INSERT INTO lease_probe VALUES ('not yet committed')")
            transaction_open.set()
            assert await outside == []
            assert await _pid(engine) == lent
    assert await _notes(engine) == ["not yet committed"]
    assert _idle(engine) == 2


async def test_requests_get_connections_in_the_order_they_asked(db: None) -> None:
    engine = LendingPostgresEngine(config={"dsn": get_settings().database_url})
    # Two connections, one never lent: one request at a time holds the other.
    await engine.start_connection_pool(min_size=2, max_size=2)
    assert engine.pool is not None
    served: list[str] = []
    first_holds, let_go, given_back = asyncio.Event(), asyncio.Event(), asyncio.Event()
    # The moment a connection is back in asyncpg's pool, before anyone waiting has run: a
    # request asking then is served by the pool at once, ahead of those waiting.
    put_back = engine.pool._queue.put_nowait

    def back_in_the_pool(holder: Any) -> None:
        given_back.set()
        put_back(holder)

    engine.pool._queue.put_nowait = back_in_the_pool

    async def request(name: str) -> None:
        async with engine.lend_connection():
            await _pid(engine)
            served.append(name)
            if name == "first":
                first_holds.set()
                await let_go.wait()

    async def latecomer() -> None:
        await given_back.wait()
        await request("latecomer")

    try:
        first = asyncio.create_task(request("first"))
        await first_holds.wait()
        waiting = []
        for name in ("second", "third", "fourth"):
            waiting.append(asyncio.create_task(request(name)))
            await asyncio.sleep(0.01)
        late = asyncio.create_task(latecomer())
        let_go.set()
        await asyncio.gather(first, *waiting, late)
    finally:
        await engine.close_connection_pool()
    assert served == ["first", "second", "third", "fourth", "latecomer"]


async def test_the_middleware_lends_until_the_response_starts(engine, monkeypatch) -> None:
    monkeypatch.setattr(request_connection, "database", lambda: engine)
    seen: dict[str, Any] = {}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen["pids"] = {await _pid(engine), await _pid(engine)}
        seen["idle while handling"] = _idle(engine)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        seen["idle while sending"] = _idle(engine)
        await send({"type": "http.response.body", "body": b""})

    sent: list[str] = []

    async def send(message: Any) -> None:
        sent.append(message["type"])

    await OneConnectionPerRequest(app)({"type": "http"}, None, send)
    assert len(seen["pids"]) == 1
    assert seen["idle while handling"] == 1
    assert seen["idle while sending"] == 2
    assert sent == ["http.response.start", "http.response.body"]


async def _seen_elsewhere(engine: LendingPostgresEngine) -> list[str]:
    rows = await engine._run_in_new_connection("SELECT note FROM lease_probe ORDER BY note")
    return [row["note"] for row in rows]


async def test_a_failed_begin_leaves_no_transaction_behind(engine, monkeypatch) -> None:
    began: Any = postgres_pool._LeasedTransaction.begin

    async def begin_then_fail(self: Any) -> None:
        await began(self)  # the worst case: BEGIN reached the server, its answer did not
        raise ConnectionResetError("lost on the way back")

    async with engine.lend_connection():
        monkeypatch.setattr(postgres_pool._LeasedTransaction, "begin", begin_then_fail)
        with pytest.raises(ConnectionResetError):
            async with engine.transaction():
                pass
        monkeypatch.setattr(postgres_pool._LeasedTransaction, "begin", began)
        await engine.run_ddl("INSERT INTO lease_probe VALUES ('after the failed begin')")
        assert await _seen_elsewhere(engine) == ["after the failed begin"]
        async with engine.transaction():
            await engine.run_ddl("INSERT INTO lease_probe VALUES ('in a later transaction')")
    assert await _seen_elsewhere(engine) == ["after the failed begin", "in a later transaction"]
    assert _idle(engine) == 2


async def test_a_failed_commit_is_rolled_back_and_the_request_goes_on(engine, monkeypatch) -> None:
    async def commit_fails(self: Any) -> None:
        raise ConnectionResetError("COMMIT lost")

    async with engine.lend_connection():
        monkeypatch.setattr(postgres_pool._LeasedTransaction, "commit", commit_fails)
        with pytest.raises(ConnectionResetError):
            async with engine.transaction():
                await engine.run_ddl("INSERT INTO lease_probe VALUES ('never committed')")
        monkeypatch.undo()
        await engine.run_ddl("INSERT INTO lease_probe VALUES ('on its own')")
        assert await _seen_elsewhere(engine) == ["on its own"]
    assert _idle(engine) == 2


async def test_long_work_without_the_database_sets_the_connection_aside(engine) -> None:
    async with engine.lend_connection():
        await _pid(engine)
        assert _idle(engine) == 1
        # Inside the thread the connection is back in the pool.
        assert await in_thread(_idle, engine) == 2
        await _pid(engine)
        assert _idle(engine) == 1
        async with engine.transaction():
            await engine.run_ddl("INSERT INTO lease_probe VALUES ('held')")
            await set_connection_aside()
            assert _idle(engine) == 1, "a transaction keeps its connection"
        await set_connection_aside()
        assert _idle(engine) == 2
    assert await _notes(engine) == ["held"]


async def test_work_beside_the_lent_connections_still_gets_one(engine) -> None:
    """Every connection but one is lent: requests each running two queries at once, the second
    one beside its lent connection, never wait for each other for ever."""

    async def request_with_two_tasks() -> None:
        async with engine.lend_connection():
            await _pid(engine)
            await asyncio.sleep(0.1)
            await asyncio.gather(_pid(engine), _pid(engine))

    await asyncio.wait_for(
        asyncio.gather(request_with_two_tasks(), request_with_two_tasks()), timeout=10
    )
    assert _idle(engine) == 2
