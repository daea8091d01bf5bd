from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-02T00:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Each jurisdiction's pattern for the document number of its minutes"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="hearing", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="Jurisdiction",
        tablename="jurisdictions",
        column_name="document_number_pattern",
        db_column_name="document_number_pattern",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 100,
            "default": "〔{year}〕第{number:04d}号",
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

    return manager
