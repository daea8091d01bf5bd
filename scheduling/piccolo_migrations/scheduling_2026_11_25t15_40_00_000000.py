"""No double booking, enforced by PostgreSQL itself (SQLite serialises writers instead)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine

from scheduling.tables import BookingClaim

ID = "2026-11-25T15:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "exclusion constraint on active booking claims"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduling", description=DESCRIPTION)

    async def add_exclusion_constraint():
        if not isinstance(BookingClaim._meta.db, PostgresEngine):
            return
        await BookingClaim.raw("CREATE EXTENSION IF NOT EXISTS btree_gist")
        await BookingClaim.raw(
            "ALTER TABLE booking_claims ADD CONSTRAINT booking_claims_no_overlap "
            "EXCLUDE USING gist (resource_key WITH =, "
            "tstzrange(start_at, end_at, '[)') WITH &&) WHERE (active)"
        )

    async def drop_exclusion_constraint():
        if isinstance(BookingClaim._meta.db, PostgresEngine):
            await BookingClaim.raw(
                "ALTER TABLE booking_claims DROP CONSTRAINT IF EXISTS booking_claims_no_overlap"
            )

    manager.add_raw(add_exclusion_constraint)
    manager.add_raw_backwards(drop_exclusion_constraint)
    return manager
