"""How each signer was identified, and built versions of the minutes frozen by the database."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import UUID
from piccolo.columns.column_types import Varchar
from piccolo.columns.defaults.uuid import UUID4
from piccolo.columns.indexes import IndexMethod
from piccolo.engine.postgres import PostgresEngine
from piccolo.table import Table


class MinutesVersion(Table, tablename="minutes_versions", schema=None):
    id = UUID(
        default=UUID4(),
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name=None,
        secret=False,
    )


ID = "2026-12-02T00:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = (
    "signatures.identified_by (answers recorded before it say staff: only logged-in staff "
    "and participants could answer then); minutes_versions refuse updates and deletes"
)

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION minutes_versions_frozen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a built version of the minutes never changes';
END;
$$ LANGUAGE plpgsql
"""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="minutes", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Signature",
        tablename="signatures",
        column_name="identified_by",
        db_column_name="identified_by",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 20,
            "default": "staff",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    async def freeze_versions():
        # A signature covers the SHA-256 of one version: the row naming that hash and the
        # record it was built from must outlive every bug and every hand-written UPDATE.
        if isinstance(MinutesVersion._meta.db, PostgresEngine):
            await MinutesVersion.raw(POSTGRES_FUNCTION)
            await MinutesVersion.raw(
                "CREATE TRIGGER minutes_versions_frozen BEFORE UPDATE OR DELETE "
                "ON minutes_versions FOR EACH ROW EXECUTE FUNCTION minutes_versions_frozen()"
            )
            return
        for operation in ("UPDATE", "DELETE"):
            await MinutesVersion.raw(
                f"CREATE TRIGGER minutes_versions_no_{operation.lower()} BEFORE {operation} "
                "ON minutes_versions BEGIN "
                "SELECT RAISE(ABORT, 'a built version of the minutes never changes'); END"
            )

    manager.add_raw(freeze_versions)
    return manager
