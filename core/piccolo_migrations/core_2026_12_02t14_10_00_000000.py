"""background_jobs: request work handed to the background (Prefer: respond-async)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import JSON, UUID, Integer, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-02T14:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "background_jobs"


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
        class_name="BackgroundJob", tablename="background_jobs", schema=None, columns=None
    )
    columns = [
        ("id", UUID, _params(default=UUID4(), primary_key=True)),
        ("kind", Varchar, _params(length=60, default="")),
        ("subject_id", UUID, _params(default=UUID4())),
        ("requested_by", UUID, _params(default=UUID4(), index=True)),
        ("viewer", JSON, _params(default="{}")),
        ("status", Varchar, _params(length=20, default="queued")),
        ("attempts", Integer, _params(default=0)),
        ("result_url", Varchar, _params(length=300, null=True)),
        ("error", JSON, _params(null=True)),
        ("created_at", Timestamptz, _params(default=TimestamptzNow())),
        ("finished_at", Timestamptz, _params(null=True)),
    ]
    for name, column_class, params in columns:
        manager.add_column(
            table_class_name="BackgroundJob",
            tablename="background_jobs",
            column_name=name,
            db_column_name=name,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=params,
            schema=None,
        )
    return manager
