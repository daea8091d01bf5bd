"""revoked_links: the ids of links (answer and signing tokens) revoked before their expiry."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import UUID, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-02T01:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "revoked_links"


def _params(**overrides):
    return {
        "default": None,
        "null": False,
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
        **overrides,
    }


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="core", description=DESCRIPTION)
    manager.add_table(
        class_name="RevokedLink", tablename="revoked_links", schema=None, columns=None
    )
    columns = [
        ("token_id", Varchar, _params(length=32, default="", primary_key=True)),
        ("purpose", Varchar, _params(length=40, default="")),
        ("expires_at", Timestamptz, _params(default=TimestamptzNow())),
        ("revoked_at", Timestamptz, _params(default=TimestamptzNow())),
        ("revoked_by", UUID, _params(null=True)),
    ]
    for name, column_class, params in columns:
        manager.add_column(
            table_class_name="RevokedLink",
            tablename="revoked_links",
            column_name=name,
            db_column_name=name,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=params,
            schema=None,
        )
    return manager
