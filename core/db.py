"""One write use case = one transaction; the engine decides how writers are serialised."""

from __future__ import annotations

from functools import cache
from typing import Any
from uuid import UUID

from piccolo.engine.base import Engine
from piccolo.engine.finder import engine_finder
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.table import Table


@cache
def database() -> Engine[Any]:
    """piccolo_conf.DB, looked up once: the lookup reads the environment and imports on every
    call, which every query of every request paid."""
    engine = engine_finder()
    if engine is None:
        raise RuntimeError("piccolo_conf.DB is not configured")
    return engine


def is_sqlite() -> bool:
    return isinstance(database(), SQLiteEngine)


def write_transaction() -> Any:
    """A transaction for a write use case.

    SQLite takes the write lock up front (BEGIN IMMEDIATE) so that a check followed by an insert
    cannot interleave with another writer; PostgreSQL relies on constraints (see the booking
    exclusion constraint) and row locks.
    """
    engine = database()
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


async def lock_row(table: type[Table], row_id: UUID) -> None:
    """Hold one row until the write transaction ends, so use cases that count or replace what
    hangs off it run one after the other. SQLite's write transaction already holds the whole
    database; PostgreSQL locks the row (``SELECT ... FOR UPDATE``)."""
    if is_sqlite():
        return
    meta = table._meta
    await table.raw(
        f"SELECT 1 FROM {meta.tablename} WHERE {meta.primary_key._meta.db_column_name} = {{}} "
        "FOR UPDATE",
        row_id,
    )


def read_together() -> Any:
    """One connection for a read use case that runs several queries.

    Piccolo's SQLite engine otherwise opens a connection (and a thread) per query, which costs
    more than a small indexed query; on PostgreSQL it saves a trip to the pool per query.
    """
    return database().transaction()
