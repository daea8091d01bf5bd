from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-02T01:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "A person's resident ID number and address (personal data, masked for most)"


def _optional_text(length: int) -> dict:
    return {
        "length": length,
        "default": None,
        "null": True,
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
    }


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="parties", description=DESCRIPTION
    )
    for column_name, length in (("id_number", 18), ("address", 300)):
        manager.add_column(
            table_class_name="Person",
            tablename="people",
            column_name=column_name,
            db_column_name=column_name,
            column_class_name="Varchar",
            column_class=Varchar,
            params=_optional_text(length),
            schema=None,
        )
    return manager
