"""The pooled SQLite engine: connections reused, WAL mode, no transaction lent out twice.

Each test opens its own engine on a scratch file, so it runs the same whichever engine the
suite itself uses."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from core.sqlite_pool import MAX_CONNECTIONS, PooledSQLiteEngine


async def _engine(tmp_path: Path) -> PooledSQLiteEngine:
    engine = PooledSQLiteEngine(path=str(tmp_path / "pool.sqlite"), timeout=5)
    await engine.run_ddl("CREATE TABLE t (x INTEGER)")
    return engine


async def test_queries_one_after_another_share_one_open_connection(tmp_path: Path) -> None:
    engine = await _engine(tmp_path)
    for value in range(10):
        await engine.run_ddl(f"INSERT INTO t VALUES ({value})")
    assert engine.pool.idle == 1
    rows = await engine.run_ddl("SELECT count(*) AS n FROM t")
    assert rows == [{"n": 10}]
    assert (await engine.run_ddl("PRAGMA journal_mode")) == [{"journal_mode": "wal"}]
    await engine.close_connections()
    assert engine.pool.idle == 0


async def test_a_reader_does_not_wait_for_an_open_write_transaction(tmp_path: Path) -> None:
    engine = await _engine(tmp_path)
    await engine.run_ddl("INSERT INTO t VALUES (1)")
    writer_inserted = asyncio.Event()
    reader_done = asyncio.Event()

    async def writer() -> None:
        async with engine.transaction():
            await engine.run_ddl("INSERT INTO t VALUES (2)")
            writer_inserted.set()
            await reader_done.wait()

    async def reader() -> object:
        await writer_inserted.wait()
        try:
            return await engine.run_ddl("SELECT count(*) AS n FROM t")
        finally:
            reader_done.set()

    _, seen = await asyncio.wait_for(asyncio.gather(writer(), reader()), timeout=30)
    assert seen == [{"n": 1}]  # the writer's row is not committed yet, and nobody waited
    assert await engine.run_ddl("SELECT count(*) AS n FROM t") == [{"n": 2}]
    await engine.close_connections()


async def test_a_connection_given_back_mid_transaction_is_rolled_back(tmp_path: Path) -> None:
    engine = await _engine(tmp_path)
    connection = await engine.pool.take()
    await connection.execute("BEGIN IMMEDIATE")
    await connection.execute("INSERT INTO t VALUES (1)")
    await engine.pool.give_back(connection)
    assert await engine.run_ddl("SELECT count(*) AS n FROM t") == [{"n": 0}]
    await engine.close_connections()


async def test_requests_beyond_the_pool_wait_for_a_connection_instead_of_opening_more(
    tmp_path: Path,
) -> None:
    engine = await _engine(tmp_path)
    await engine.close_connections()

    async def query(value: int) -> None:
        async with engine.transaction():
            await engine.run_ddl(f"INSERT INTO t VALUES ({value})")
            await asyncio.sleep(0.01)

    await asyncio.wait_for(asyncio.gather(*(query(v) for v in range(20))), timeout=60)
    assert engine.pool.open == engine.pool.idle == MAX_CONNECTIONS
    assert await engine.run_ddl("SELECT count(*) AS n FROM t") == [{"n": 20}]
    await engine.close_connections()


async def test_statements_in_a_transaction_keep_foreign_keys_and_return_rows(
    tmp_path: Path,
) -> None:
    """A transaction's statements go to the connection's thread in one trip each, without
    Piccolo's pragma before every one: the pooled connection enforces foreign keys anyway."""
    engine = await _engine(tmp_path)
    await engine.run_ddl("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
    await engine.run_ddl("CREATE TABLE child (parent INTEGER NOT NULL REFERENCES parent (id))")
    async with engine.transaction():
        inserted = await engine.run_ddl("INSERT INTO parent (id) VALUES (7) RETURNING id")
        await engine.run_ddl("INSERT INTO child VALUES (7)")
        counted = await engine.run_ddl("SELECT count(*) AS n FROM child")
    assert inserted == [{"id": 7}] and counted == [{"n": 1}]
    with pytest.raises(sqlite3.IntegrityError):
        async with engine.transaction():
            await engine.run_ddl("INSERT INTO child VALUES (8)")
    assert await engine.run_ddl("SELECT count(*) AS n FROM child") == [{"n": 1}]
    await engine.close_connections()
