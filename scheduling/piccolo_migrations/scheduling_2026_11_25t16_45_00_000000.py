"""Index booking claims by resource and start, the shape of every availability query."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from scheduling.tables import BookingClaim

ID = "2026-11-25T16:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "booking_claims (resource_key, start_at, end_at) index"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduling", description=DESCRIPTION)

    async def add_index():
        await BookingClaim.raw(
            "CREATE INDEX IF NOT EXISTS booking_claims_resource_start "
            "ON booking_claims (resource_key, start_at, end_at)"
        )

    async def drop_index():
        await BookingClaim.raw("DROP INDEX IF EXISTS booking_claims_resource_start")

    manager.add_raw(add_index)
    manager.add_raw_backwards(drop_index)
    return manager
