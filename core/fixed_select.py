"""Hot lookups as fixed SQL: the query builder writes a select's column list once, not per call.

Building a select of a dozen columns costs the query builder more than PostgreSQL takes to run
it (docs/performance.md, "API under load"); a calendar feed looks up its person, the people,
rooms and cases of its sessions on every poll. A ``FixedSelect`` keeps the text Piccolo wrote
for ``table.select(*columns)`` and adds only the condition.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any

from piccolo.columns import Column
from piccolo.table import Table

from core.crud import Row
from core.db import sql_one_of


class FixedSelect:
    def __init__(
        self, table: type[Table], columns: Sequence[Column], json_columns: Iterable[str] = ()
    ) -> None:
        self._table = table
        self._columns = tuple(columns)
        #: Read back parsed, as the query builder's ``output(load_json=True)`` gives them.
        self._json_columns = tuple(json_columns)

    @cached_property
    def _sql(self) -> str:
        # Without a condition there is no value to inline: the text is the statement.
        return str(self._table.select(*self._columns))

    async def one_of(self, column: Column, values: Iterable[Any]) -> list[Row]:
        """The rows whose ``column`` is one of ``values`` (``core.db.sql_one_of``)."""
        wanted = list(values)
        if not wanted:
            return []
        condition, arguments = sql_one_of(column._meta.get_full_name(with_alias=False), wanted)
        return await self._rows(condition, *arguments)

    async def equal(self, column: Column, value: Any) -> list[Row]:
        return await self._rows(f"{column._meta.get_full_name(with_alias=False)} = {{}}", value)

    async def _rows(self, condition: str, *arguments: Any) -> list[Row]:
        rows: list[Row] = await self._table.raw(f"{self._sql} WHERE {condition}", *arguments)
        for row in rows:
            for name in self._json_columns:
                if isinstance(row[name], str):
                    row[name] = json.loads(row[name])
        return rows
