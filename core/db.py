"""One write use case = one transaction; the engine decides how writers are serialised."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from functools import cache
from typing import Any, ParamSpec, TypeVar
from uuid import UUID

from piccolo.columns import Column
from piccolo.columns.combination import WhereRaw
from piccolo.custom_types import Combinable
from piccolo.engine.base import Engine
from piccolo.engine.finder import engine_finder
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.table import Table

from core.postgres_pool import set_connection_aside as set_connection_aside

P = ParamSpec("P")
T = TypeVar("T")


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


def sql_one_of(column_sql: str, values: Iterable[Any]) -> tuple[str, list[Any]]:
    """``column_sql`` is one of ``values`` (each once), as a raw condition and its arguments. On
    PostgreSQL one array parameter: a short statement whatever the count, which the query
    builder does not build value by value (a feed asks for its person's 160 sessions' rooms,
    cases and people). SQLite has no arrays: a parameter each."""
    distinct = list(dict.fromkeys(values))
    if is_sqlite():
        return f"{column_sql} IN ({', '.join(['{}'] * len(distinct))})", distinct
    return f"{column_sql} = ANY({{}})", [distinct]


def one_of(column: Column, values: Iterable[Any]) -> Combinable:
    """``sql_one_of`` as a condition for the query builder."""
    condition, arguments = sql_one_of(column._meta.get_full_name(with_alias=False), values)
    return WhereRaw(condition, *arguments)


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
    """One connection for a read use case that runs several queries, on SQLite.

    Piccolo's SQLite engine otherwise opens a connection (and a thread) per query, which costs
    more than a small indexed query. PostgreSQL reads straight from the pool: taking a pooled
    connection costs no round trip, where BEGIN and COMMIT cost two, and at READ COMMITTED a
    transaction would give the queries no common snapshot anyway (each statement takes its own).
    """
    engine = database()
    if isinstance(engine, SQLiteEngine):
        return engine.transaction()
    return nullcontext()


async def in_thread(function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """``asyncio.to_thread`` for work that needs no database (hashing, parsing, rendering,
    planning): a request's PostgreSQL connection waits in the pool meanwhile, for others to use,
    unless a transaction holds it (core.postgres_pool)."""
    await set_connection_aside()
    return await asyncio.to_thread(function, *args, **kwargs)
