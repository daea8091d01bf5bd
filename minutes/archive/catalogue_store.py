"""Writing sealed minutes into the archive catalogue the archive search reads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from minutes.archive.catalogue import catalogue_entry, folded
from minutes.store import MinutesRow
from minutes.tables import ArchiveEntry


def catalogue_row(
    minutes: MinutesRow, record: dict[str, Any], sealed_at: datetime, sealed_sha256: str
) -> ArchiveEntry:
    """The catalogue row of ``minutes`` sealed from ``record`` (the sealed version's)."""
    entry = catalogue_entry(record)
    return ArchiveEntry(
        minutes=minutes.id,
        session=minutes.session_id,
        version=minutes.version,
        document_number=minutes.document_number,
        case_reference=entry.case_reference,
        case_title=entry.case_title,
        session_title=entry.session_title,
        session_kind=entry.session_kind,
        start=entry.start,
        timezone=entry.timezone,
        held_on=entry.held_on,
        sealed_at=sealed_at,
        sealed_sha256=sealed_sha256,
        search_document_number=folded(minutes.document_number),
        search_case_reference=folded(entry.case_reference),
        search_case_title=folded(entry.case_title),
        search_session_title=folded(entry.session_title),
    )


async def add_to_catalogue(
    minutes: MinutesRow, record: dict[str, Any], sealed_at: datetime, sealed_sha256: str
) -> None:
    """To be called in the transaction that seals ``minutes``: the catalogue lists exactly the
    sealed minutes."""
    await ArchiveEntry.insert(catalogue_row(minutes, record, sealed_at, sealed_sha256))
