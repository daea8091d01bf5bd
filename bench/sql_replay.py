"""Sending recorded statements again, as the bare endpoints do: as recorded, or for another booking.

A read is replayed as it was recorded. A booking recorded for one session is replayed for another
of the same shape (``bench.booking_pool``): the session, its people and room are swapped for the
other's wherever they appear (UUID arguments, and text such as claim keys or outbox dedupe keys),
ids the booking generated are generated afresh, times around the booked start move with it, and
the audit entry is chained onto the real head of the chain (its hash computed as Concord does),
which the database's trigger demands.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from bench.booking_pool import PoolBooking
from bench.sql_capture import Statement
from core.audit_trail.chain import GENESIS_HASH, entry_hash

#: What asyncpg sends on its own (type introspection, JIT off for it, the pool's reset): not
#: Concord's queries, and sent again by the bare endpoint's own asyncpg when it needs them.
_ASYNCPG_OWN = ("typeinfo_tree", "current_setting('jit')", "set_config('jit'", "RESET ALL")
_AUDIT_INSERT = 'INSERT INTO "audit_events"'
_OUTBOX_INSERT = 'INSERT INTO "outbox_messages"'
_AUDIT_HEAD = 'FROM "audit_events" ORDER BY "audit_events"."seq" DESC LIMIT 1'
#: Times this close to the booked start belong to the booking (its claims, its end, buffers);
#: anything else (the clock when it was recorded) is left as it was.
_MOVES_WITH_START = timedelta(days=2)


def concord_statements(statements: list[Statement]) -> list[Statement]:
    return [s for s in statements if not any(mark in s.sql for mark in _ASYNCPG_OWN)]


async def replay(connection: asyncpg.Connection, statements: list[Statement]) -> int:
    """Send ``statements`` in order on one connection; returns the rows they gave."""
    rows = 0
    for statement in statements:
        rows += len(await connection.fetch(statement.sql, *statement.args))
    return rows


def _uuids(value: Any) -> Iterator[UUID]:
    if isinstance(value, UUID):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _uuids(item)


def _audit_columns(sql: str) -> dict[str, int]:
    """Column name → argument index of the audit INSERT (``DEFAULT`` takes no argument)."""
    columns = re.search(r"\(([^)]*)\) VALUES \(([^)]*)\)", sql)
    assert columns is not None, sql
    names = [name.strip().strip('"') for name in columns.group(1).split(",")]
    values = [value.strip() for value in columns.group(2).split(",")]
    return {
        name: int(value[1:]) - 1
        for name, value in zip(names, values, strict=True)
        if value.startswith("$")
    }


@dataclass
class BookingReplay:
    template: PoolBooking
    statements: list[Statement]

    def __post_init__(self) -> None:
        self.statements = concord_statements(self.statements)
        seen: set[UUID] = set()
        self._generated: set[UUID] = set()
        for statement in self.statements:
            for found in _uuids(statement.args):
                if found not in seen and statement.sql.startswith("INSERT"):
                    self._generated.add(found)
                seen.add(found)
        audit = next(s for s in self.statements if s.sql.startswith(_AUDIT_INSERT))
        self._audit = _audit_columns(audit.sql)

    def _mapping(self, booking: PoolBooking) -> dict[UUID, UUID]:
        mapping = {self.template.session_id: booking.session_id}
        mapping[self.template.room_id] = booking.room_id
        mapping |= dict(zip(self.template.people, booking.people, strict=True))
        return mapping | {generated: uuid4() for generated in self._generated}

    def statements_for(self, booking: PoolBooking) -> list[Statement]:
        mapping = self._mapping(booking)
        texts = [(str(old), str(new)) for old, new in mapping.items()]
        shift = booking.start - self.template.start

        def swap(value: Any) -> Any:
            if isinstance(value, UUID):
                return mapping.get(value, value)
            if isinstance(value, str):
                for old, new in texts:
                    if old in value:
                        value = value.replace(old, new)
                return value
            if isinstance(value, datetime):
                near = abs(value - self.template.start) <= _MOVES_WITH_START
                return value + shift if near else value
            if isinstance(value, list):
                return [swap(item) for item in value]
            return value

        return [Statement(s.sql, tuple(swap(arg) for arg in s.args)) for s in self.statements]

    async def book(
        self, connection: asyncpg.Connection, booking: PoolBooking, compute: Callable[[], None]
    ) -> None:
        """One booking's statements for ``booking``, its audit entry chained onto the head;
        ``compute()`` (the booking's pure work) runs where Concord runs it: before the first
        outbox message is stored."""
        head: asyncpg.Record | None = None
        computed = False
        try:
            for statement in self.statements_for(booking):
                if not computed and statement.sql.startswith(_OUTBOX_INSERT):
                    compute()
                    computed = True
                if statement.sql.startswith(_AUDIT_INSERT):
                    statement = Statement(statement.sql, self._chained(statement.args, head))
                rows = await connection.fetch(statement.sql, *statement.args)
                if _AUDIT_HEAD in statement.sql:
                    head = rows[0] if rows else None
        except BaseException:
            if connection.is_in_transaction():
                await connection.execute("ROLLBACK")
            raise

    def _chained(self, args: tuple[Any, ...], head: asyncpg.Record | None) -> tuple[Any, ...]:
        column = self._audit
        values = list(args)
        seq = 1 if head is None else head["seq"] + 1
        prev_hash = GENESIS_HASH if head is None else head["hash"]
        at = datetime.now(UTC)
        before = values[column["before"]]
        actor = values[column["actor_account_id"]]
        values[column["seq"]], values[column["at"]] = seq, at
        values[column["prev_hash"]] = prev_hash
        values[column["hash"]] = entry_hash(
            seq=seq,
            at=at,
            actor=None if actor is None else str(actor),
            action=values[column["action"]],
            entity=values[column["entity"]],
            entity_id=values[column["entity_id"]],
            before=None if before is None else json.loads(before),
            after=json.loads(values[column["data"]]),
            prev_hash=prev_hash,
        )
        return tuple(values)
