"""A tentative hold is stored as ``on_hold``: ``held`` read as "the session took place"."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from hearing.tables import Session

ID = "2026-12-01T21:05:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "session status held becomes on_hold"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="hearing", description=DESCRIPTION)

    async def rename_status():
        await Session.raw("UPDATE sessions SET status = 'on_hold' WHERE status = 'held'")

    async def restore_status():
        await Session.raw("UPDATE sessions SET status = 'held' WHERE status = 'on_hold'")

    manager.add_raw(rename_status)
    manager.add_raw_backwards(restore_status)
    return manager
