"""Small shared helpers for list/get/update/delete of one table's rows."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

import asyncpg
from piccolo.columns import Column
from piccolo.columns.combination import Combinable  # type: ignore[attr-defined]
from piccolo.table import Table

from core.errors import Conflict, NotFound

Row = dict[str, Any]


def all_of(conditions: Sequence[Combinable | None]) -> Combinable | None:
    """The AND of the given conditions (None ones skipped); None when there are none."""
    combined: Combinable | None = None
    for condition in conditions:
        if condition is not None:
            combined = condition if combined is None else combined & condition
    return combined


def is_integrity_error(exc: BaseException) -> bool:
    return isinstance(
        exc, sqlite3.IntegrityError | asyncpg.exceptions.IntegrityConstraintViolationError
    )


async def fetch_page(
    table: type[Table],
    columns: Sequence[Any],
    *,
    where: Combinable | None,
    limit: int,
    offset: int,
    order_by: Column,
) -> tuple[list[Row], int]:
    query = (
        table.select(*columns).order_by(order_by).limit(limit).offset(offset).output(load_json=True)
    )
    count = table.count()
    if where is not None:
        query = query.where(where)
        count = count.where(where)
    return await query, await count


async def fetch_one(table: type[Table], row_id: UUID, columns: Sequence[Any], entity: str) -> Row:
    row = (
        await table.select(*columns)
        .where(table._meta.primary_key == row_id)
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise NotFound(f"no {entity} with id {row_id}", code=f"{entity}_not_found", field="id")
    return dict(row)


async def ensure_exists(table: type[Table], row_id: UUID | None, entity: str, field: str) -> None:
    if row_id is None:
        return
    if not await table.exists().where(table._meta.primary_key == row_id):
        raise NotFound(f"no {entity} with id {row_id}", code=f"{entity}_not_found", field=field)


async def update_row(
    table: type[Table], row_id: UUID, changes: Mapping[str, Any], entity: str
) -> None:
    if not await table.exists().where(table._meta.primary_key == row_id):
        raise NotFound(f"no {entity} with id {row_id}", code=f"{entity}_not_found", field="id")
    if changes:
        values: dict[Column | str, Any] = {key: value for key, value in changes.items()}
        await table.update(values).where(table._meta.primary_key == row_id)


async def delete_row(table: type[Table], row_id: UUID, entity: str) -> None:
    if not await table.exists().where(table._meta.primary_key == row_id):
        raise NotFound(f"no {entity} with id {row_id}", code=f"{entity}_not_found", field="id")
    try:
        await table.delete().where(table._meta.primary_key == row_id)
    except Exception as exc:
        if is_integrity_error(exc):
            raise Conflict(
                f"this {entity} is still referenced and cannot be deleted",
                code=f"{entity}_in_use",
                field="id",
            ) from exc
        raise
