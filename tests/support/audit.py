"""Reading and tampering with the audit log the way an intruder with database access would."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

from core.db import database, is_sqlite
from core.settings import get_settings
from core.tables import AuditEvent


async def audit_rows(action: str | None = None) -> list[dict[str, Any]]:
    query = AuditEvent.select().order_by(AuditEvent.seq).output(load_json=True)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    return list(await query)


async def as_owner_without_guards(statement: str, *values: Any) -> None:
    """Run ``statement`` on the audit table with its append-only triggers out of the way, as
    the table's owner can (SQLite: dropped for the rest of the test; PostgreSQL: disabled for
    the statement)."""
    if is_sqlite():
        for trigger in ("no_update", "no_delete", "extend_chain"):
            await database().run_ddl(f"DROP TRIGGER IF EXISTS audit_events_{trigger}")
        await AuditEvent.raw(statement, *values)
        return
    async with database().transaction():
        await AuditEvent.raw("ALTER TABLE audit_events DISABLE TRIGGER USER")
        await AuditEvent.raw(statement, *values)
        await AuditEvent.raw("ALTER TABLE audit_events ENABLE TRIGGER USER")


def clear_sealed_heads() -> Iterator[None]:
    """The data directory outlives each test's database: no sealed head may leak between them."""
    directory = get_settings().audit_heads_dir
    shutil.rmtree(directory, ignore_errors=True)
    yield
    shutil.rmtree(directory, ignore_errors=True)
