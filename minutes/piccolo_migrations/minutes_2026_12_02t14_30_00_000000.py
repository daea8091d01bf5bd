"""The archive catalogue: what the archive search matches, kept as each sealed record names it.

The search used to read and parse the sealed record of every sealed minutes on every search.
The catalogue is written by sealing from now on; minutes sealed before are catalogued here from
their sealed records. The tables are copied in as they stand today, so that the migration
keeps doing what it did whatever the live tables become.
"""

import json

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns import UUID, Date, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.table import Table

from minutes.archive.catalogue import catalogue_entry, folded

ID = "2026-12-02T14:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "the archive catalogue, backfilled from the sealed records of sealed minutes"

#: Rows inserted per statement: well under SQLite's limit of bound parameters.
BATCH = 500


class Minutes(Table, tablename="minutes"):
    id = UUID(primary_key=True)


class ArchiveEntry(Table, tablename="minutes_archive_catalogue"):
    id = UUID(primary_key=True)
    minutes = ForeignKey(Minutes, on_delete=OnDelete.restrict, unique=True)
    session = UUID()
    version = Integer()
    document_number = Varchar(length=200, null=True, default=None)
    case_reference = Text()
    case_title = Text()
    session_title = Text()
    session_kind = Varchar(length=40)
    start = Timestamptz(null=True, default=None)
    timezone = Varchar(length=64)
    held_on = Date(null=True, default=None)
    sealed_at = Timestamptz()
    sealed_sha256 = Varchar(length=64)
    search_document_number = Text()
    search_case_reference = Text()
    search_case_title = Text()
    search_session_title = Text()


# The search lists the latest sealed first and pages through them in that order; a day range
# is the one filter an ordered index narrows. Parts of texts are matched anywhere in them,
# which no B-tree serves: those scan the catalogue, a narrow table, not the sealed records.
INDEXES = (
    "CREATE INDEX minutes_archive_catalogue_latest "
    "ON minutes_archive_catalogue (sealed_at DESC, minutes)",
    "CREATE INDEX minutes_archive_catalogue_held_on ON minutes_archive_catalogue (held_on)",
)

SEALED_WITH_RECORDS = (
    "SELECT minutes.id, minutes.session, minutes.version, minutes.document_number, "
    "minutes.sealed_at, minutes.sealed_sha256, minutes_versions.record "
    "FROM minutes JOIN minutes_versions ON minutes_versions.minutes = minutes.id "
    "AND minutes_versions.version = minutes.version "
    "WHERE minutes.status = 'sealed' AND minutes.id NOT IN "
    "(SELECT minutes FROM minutes_archive_catalogue)"
)


def _entry(row: dict) -> ArchiveEntry:
    record = row["record"]
    entry = catalogue_entry(json.loads(record) if isinstance(record, str) else dict(record))
    return ArchiveEntry(
        minutes=row["id"],
        session=row["session"],
        version=row["version"],
        document_number=row["document_number"],
        case_reference=entry.case_reference,
        case_title=entry.case_title,
        session_title=entry.session_title,
        session_kind=entry.session_kind,
        start=entry.start,
        timezone=entry.timezone,
        held_on=entry.held_on,
        sealed_at=row["sealed_at"],
        sealed_sha256=row["sealed_sha256"],
        search_document_number=folded(row["document_number"]),
        search_case_reference=folded(entry.case_reference),
        search_case_title=folded(entry.case_title),
        search_session_title=folded(entry.session_title),
    )


async def create_catalogue() -> None:
    await ArchiveEntry.create_table()
    for statement in INDEXES:
        await ArchiveEntry.raw(statement)


async def catalogue_sealed_minutes() -> None:
    """Catalogue every sealed minutes not catalogued yet, from its sealed version's record."""
    rows = await ArchiveEntry.raw(SEALED_WITH_RECORDS)
    for first in range(0, len(rows), BATCH):
        await ArchiveEntry.insert(*(_entry(row) for row in rows[first : first + BATCH]))


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="minutes", description=DESCRIPTION)
    manager.add_raw(create_catalogue)
    manager.add_raw(catalogue_sealed_minutes)
    return manager
