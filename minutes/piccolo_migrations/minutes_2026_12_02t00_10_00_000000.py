from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete
from piccolo.columns.base import OnUpdate
from piccolo.columns.column_types import ForeignKey
from piccolo.columns.column_types import Integer
from piccolo.columns.column_types import UUID
from piccolo.columns.column_types import Varchar
from piccolo.columns.defaults.uuid import UUID4
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


class Session(Table, tablename="sessions", schema=None):
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


ID = "2026-12-02T00:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Document numbers of minutes, counted per jurisdiction and year; the recorder"


def _params(**overrides):
    params = {
        "default": None,
        "null": False,
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
    }
    params.update(overrides)
    return params


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="minutes", description=DESCRIPTION
    )

    manager.add_table(
        class_name="DocumentNumber",
        tablename="minutes_document_numbers",
        schema=None,
        columns=None,
    )

    manager.add_column(
        table_class_name="DocumentNumber",
        tablename="minutes_document_numbers",
        column_name="id",
        db_column_name="id",
        column_class_name="UUID",
        column_class=UUID,
        params=_params(default=UUID4(), primary_key=True),
        schema=None,
    )

    manager.add_column(
        table_class_name="DocumentNumber",
        tablename="minutes_document_numbers",
        column_name="session",
        db_column_name="session",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params=_params(
            references=Session,
            on_delete=OnDelete.restrict,
            on_update=OnUpdate.cascade,
            target_column=None,
            null=True,
            unique=True,
        ),
        schema=None,
    )

    manager.add_column(
        table_class_name="DocumentNumber",
        tablename="minutes_document_numbers",
        column_name="jurisdiction",
        db_column_name="jurisdiction",
        column_class_name="UUID",
        column_class=UUID,
        params=_params(default=UUID4(), index=True),
        schema=None,
    )

    for name in ("year", "number"):
        manager.add_column(
            table_class_name="DocumentNumber",
            tablename="minutes_document_numbers",
            column_name=name,
            db_column_name=name,
            column_class_name="Integer",
            column_class=Integer,
            params=_params(default=0),
            schema=None,
        )

    manager.add_column(
        table_class_name="DocumentNumber",
        tablename="minutes_document_numbers",
        column_name="counter_key",
        db_column_name="counter_key",
        column_class_name="Varchar",
        column_class=Varchar,
        params=_params(length=80, default="", unique=True),
        schema=None,
    )

    manager.add_column(
        table_class_name="DocumentNumber",
        tablename="minutes_document_numbers",
        column_name="document_number",
        db_column_name="document_number",
        column_class_name="Varchar",
        column_class=Varchar,
        params=_params(length=200, default=""),
        schema=None,
    )

    manager.add_column(
        table_class_name="Minutes",
        tablename="minutes",
        column_name="document_number",
        db_column_name="document_number",
        column_class_name="Varchar",
        column_class=Varchar,
        params=_params(length=200, null=True),
        schema=None,
    )

    manager.add_column(
        table_class_name="MinutesVersion",
        tablename="minutes_versions",
        column_name="recorder",
        db_column_name="recorder",
        column_class_name="Varchar",
        column_class=Varchar,
        params=_params(length=320, null=True),
        schema=None,
    )

    return manager
