"""The job engine's tables, created by `concord migrate` next to Concord's own."""

from __future__ import annotations

import psycopg
from procrastinate.schema import SchemaManager

#: Any constant shared by every `concord migrate`: two starting at once wait for each other.
_SCHEMA_LOCK = 0x636F6E636F7264

JOBS_TABLE = "procrastinate_jobs"


async def ensure_job_schema(database_url: str) -> bool:
    """Apply procrastinate's schema unless it is there; True when it was applied now.

    procrastinate's schema file is a fresh install, not idempotent (CREATE TYPE ...), hence the
    check, taken under a transaction-scoped advisory lock so that concurrent runs apply it once.
    Upgrading procrastinate past the pinned minor version needs its migration files applied
    (see README, "Background jobs")."""
    connection = await psycopg.AsyncConnection.connect(database_url)
    async with connection, connection.transaction():
        await connection.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
        cursor = await connection.execute("SELECT to_regclass(%s)", (JOBS_TABLE,))
        row = await cursor.fetchone()
        if row is not None and row[0] is not None:
            return False
        # Several statements in one call: psycopg sends a query without parameters as is.
        await connection.execute(SchemaManager.get_schema())
    return True
