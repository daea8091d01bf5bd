"""Use cases for the versions of the minutes: list them, download one, compare two.

Each version is kept as built (its PDF in the content store, its record in the database,
which refuses to change either), so what a signer saw can always be shown again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from core.access import Role, Viewer
from core.errors import NotFound, RuleViolation
from minutes.archive.content_store import content_store
from minutes.downloads import record_download
from minutes.drafts.service import readable_minutes
from minutes.store import MinutesRow, VersionRow, numbered_version, version_record, versions_of
from minutes.versions.diff import Change, diff_records
from minutes.vocabulary import VersionStatus

_VERSION_NUMBER = re.compile(r"[1-9][0-9]{0,8}")


@dataclass(frozen=True)
class VersionView:
    version: int
    version_sha256: str
    status: VersionStatus
    created_at: datetime


def version_status(minutes: MinutesRow, version: VersionRow) -> VersionStatus:
    """The current version has the minutes' own status; every older one was superseded."""
    if version.version != minutes.version:
        return VersionStatus.SUPERSEDED
    return VersionStatus(minutes.status.value)


def _may_read_version(viewer: Viewer, minutes: MinutesRow, number: int) -> bool:
    """Archivists read what was sealed: the sealed version, never a draft it superseded."""
    return viewer.role is not Role.ARCHIVIST or number == minutes.version


async def list_versions(viewer: Viewer, minutes_id: UUID) -> tuple[VersionView, ...]:
    minutes, _ = await readable_minutes(viewer, minutes_id)
    return tuple(
        VersionView(v.version, v.sha256, version_status(minutes, v), v.created_at)
        for v in await versions_of(minutes.id)
        if _may_read_version(viewer, minutes, v.version)
    )


async def version_pdf(viewer: Viewer, minutes_id: UUID, number: int) -> tuple[bytes, str]:
    """The PDF of version ``number`` as it was built (a draft, even of sealed minutes)."""
    minutes, _ = await readable_minutes(viewer, minutes_id)
    version = await _version(viewer, minutes, number, "version")
    data = content_store().get(version.sha256)
    await record_download(
        "minutes.version_pdf_downloaded",
        minutes.id,
        {"version": version.version, "sha256": version.sha256},
    )
    return data, version.sha256


async def diff_versions(
    viewer: Viewer, minutes_id: UUID, from_text: str | None, to_text: str | None
) -> list[Change]:
    """What changed in the record from version ``from`` to version ``to`` (the query values,
    checked here so that a bad one is a 422 naming it)."""
    first, second = version_number(from_text, "from"), version_number(to_text, "to")
    minutes, _ = await readable_minutes(viewer, minutes_id)
    before = await _version(viewer, minutes, first, "from")
    after = await _version(viewer, minutes, second, "to")
    if first == second:
        return []
    return diff_records(await version_record(before), await version_record(after))


def version_number(text: str | None, field: str) -> int:
    if text is None:
        raise RuleViolation(
            f"say which version to compare: ?{field}=1", code="version_required", field=field
        )
    if not _VERSION_NUMBER.fullmatch(text):
        raise RuleViolation(
            f"{field} must be a version number (1, 2, ...), not {text[:20]!r}",
            code="invalid_version_number",
            field=field,
        )
    return int(text)


async def _version(viewer: Viewer, minutes: MinutesRow, number: int, field: str) -> VersionRow:
    version = await numbered_version(minutes.id, number)
    if version is None or not _may_read_version(viewer, minutes, number):
        raise NotFound(
            f"the minutes have no version {number}", code="version_not_found", field=field
        )
    return version
