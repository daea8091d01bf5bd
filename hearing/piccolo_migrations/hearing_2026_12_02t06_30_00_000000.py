"""Index sessions by (created_at, id), the order every session list pages in."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from hearing.tables import Session

ID = "2026-12-02T06:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "sessions (created_at, id) index"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="hearing", description=DESCRIPTION)

    async def add_index():
        await Session.raw(
            "CREATE INDEX IF NOT EXISTS sessions_created_at_id ON sessions (created_at, id)"
        )

    async def drop_index():
        await Session.raw("DROP INDEX IF EXISTS sessions_created_at_id")

    manager.add_raw(add_index)
    manager.add_raw_backwards(drop_index)
    return manager
