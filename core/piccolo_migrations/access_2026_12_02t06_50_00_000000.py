"""public_requests: recent requests to public endpoints, counted per address by the throttle."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import UUID, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.columns.indexes import IndexMethod

ID = "access_2026-12-02T06:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "public_requests"


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
        class_name="PublicRequest", tablename="public_requests", schema=None, columns=None
    )
    columns = [
        ("id", UUID, _params(default=UUID4(), primary_key=True)),
        ("at", Timestamptz, _params(default=TimestamptzNow(), index=True)),
        ("endpoint_group", Varchar, _params(length=40, default="")),
        ("address", Varchar, _params(length=64, default="", index=True)),
    ]
    for name, column_class, params in columns:
        manager.add_column(
            table_class_name="PublicRequest",
            tablename="public_requests",
            column_name=name,
            db_column_name=name,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=params,
            schema=None,
        )
    return manager
