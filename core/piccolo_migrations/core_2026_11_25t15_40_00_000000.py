"""The audit log is append-only: the database refuses updates and deletes of its rows."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine

from core.tables import AuditEvent

ID = "2026-11-25T15:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "append-only audit_events"

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql
"""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="core", description=DESCRIPTION)

    async def add_triggers():
        if isinstance(AuditEvent._meta.db, PostgresEngine):
            await AuditEvent.raw(POSTGRES_FUNCTION)
            await AuditEvent.raw(
                "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE "
                "ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
            )
            return
        for operation in ("UPDATE", "DELETE"):
            await AuditEvent.raw(
                f"CREATE TRIGGER audit_events_no_{operation.lower()} BEFORE {operation} "
                "ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
            )

    manager.add_raw(add_triggers)
    return manager
