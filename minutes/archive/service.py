"""The archive: verification of a PDF someone holds, open to anyone who holds one; and the
search of sealed minutes, for archive readers.

Verification asks two questions. Is the seal on the file sound (pyHanko's validator, from the
file alone)? And are these bytes the sealed original the archive keeps? Only a file that
passes both is intact: a copy re-sealed after a change may carry a valid seal, but it is not
what the participants' decisions and the archive vouch for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from piccolo.columns.combination import WhereRaw
from piccolo.custom_types import Combinable

from core.access import Viewer
from core.audit import record_event
from core.db import in_thread, write_transaction
from core.errors import NotFound, RuleViolation
from minutes.access import ensure_archive_reader
from minutes.archive.catalogue import LIKE_ESCAPE, contains_pattern
from minutes.archive.content_store import content_store
from minutes.archive.pdf_inspection import identify_minutes
from minutes.archive.seal_check import SealCheck, check_seal
from minutes.document import sha256_hex
from minutes.seal.institution import institution
from minutes.store import (
    MinutesRow,
    current_version,
    minutes_published_as,
    minutes_row,
    minutes_sealed_as,
    version_with_sha256,
)
from minutes.tables import ArchiveEntry, Signature
from minutes.vocabulary import Decision
from parties.people import service as parties

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class SignatureCheck:
    signer: str
    person_id: UUID
    decision: Decision
    valid: bool


@dataclass(frozen=True)
class Verification:
    intact: bool
    minutes_id: UUID | None
    #: The version of the minutes the file is (the sealed one for a sealed original).
    version: int | None
    seal: SealCheck
    #: The participants' decisions, only for the archived sealed original (which prints them).
    signatures: tuple[SignatureCheck, ...]
    problems: tuple[str, ...]
    sha256: str


async def verify_pdf(pdf: bytes) -> Verification:
    """Whether ``pdf`` is the sealed original of some minutes, with its seal intact; every
    verification is recorded in the audit log with its verdict."""
    verification = await _verification_of(pdf)
    async with write_transaction():
        await record_event(
            "archive.verified",
            "file",
            verification.sha256,
            {
                "sha256": verification.sha256,
                "intact": verification.intact,
                "minutes_id": None
                if verification.minutes_id is None
                else str(verification.minutes_id),
                "version": verification.version,
                "problems": list(verification.problems),
            },
        )
    return verification


async def _verification_of(pdf: bytes) -> Verification:
    if not pdf:
        raise RuleViolation("the uploaded file is empty", code="empty_file", field="file")
    if len(pdf) > MAX_UPLOAD_BYTES:
        raise RuleViolation("the file is larger than 50 MiB", code="file_too_large", field="file")
    # Hashing and checking a file of tens of megabytes takes the CPU for a second: in a
    # worker thread, so every other request keeps being served meanwhile.
    sha256, seal = await in_thread(_fingerprint, pdf)
    minutes = await minutes_sealed_as(sha256)
    if minutes is not None:
        return await _verify_sealed_original(minutes, seal, sha256)
    published = await minutes_published_as(sha256)
    if published is not None:
        return _verify_public_version(published, seal, sha256)
    draft = await version_with_sha256(sha256)
    if draft is not None:
        problem = f"draft version {draft.version} of minutes {draft.minutes_id}, not sealed"
        return Verification(False, draft.minutes_id, draft.version, seal, (), (problem,), sha256)
    return await _verify_unknown_bytes(pdf, seal, sha256)


def _fingerprint(pdf: bytes) -> tuple[str, SealCheck]:
    return sha256_hex(pdf), check_seal(pdf)


async def trusted_certificates() -> bytes:
    """The PEM bundle a validator trusts: the seal's chain and the timestamp authority's."""
    # The first call of a process may generate the development PKI: keep it off the loop.
    return (await in_thread(institution)).trusted_pem


async def _verify_sealed_original(
    minutes: MinutesRow, seal: SealCheck, sha256: str
) -> Verification:
    problems = list(seal.problems)
    try:
        await in_thread(content_store().get, sha256)
    except Exception as exc:  # the archive copy itself is damaged or missing
        problems.append(f"the archived original cannot be read back intact: {exc}")
    checks = await _signature_checks(minutes)
    return Verification(
        not problems, minutes.id, minutes.version, seal, checks, tuple(problems), sha256
    )


def _verify_public_version(minutes: MinutesRow, seal: SealCheck, sha256: str) -> Verification:
    """The redacted public version: sealed like the original, but it names no one in full, so
    the participants' decisions are not reported for it."""
    problems = list(seal.problems)
    if not content_store().exists(sha256):
        problems.append("the archived public version is missing")
    intact = not problems
    return Verification(intact, minutes.id, minutes.version, seal, (), tuple(problems), sha256)


async def _verify_unknown_bytes(pdf: bytes, seal: SealCheck, sha256: str) -> Verification:
    """A file that is neither a sealed original nor a draft: altered, or not minutes at all."""
    identified = await in_thread(identify_minutes, pdf)
    if identified is None:
        return _unknown(seal, sha256, "the file is not a Concord minutes PDF")
    try:
        minutes = await minutes_row(UUID(identified[0]))
    except (ValueError, NotFound):
        return _unknown(seal, sha256, "the file names minutes this archive does not hold")
    if not minutes.is_sealed:
        problem = (
            f"minutes {minutes.id} have not been sealed yet, and the file is none of their "
            "versions: it has been altered"
        )
    else:
        problem = (
            f"the file's SHA-256 {sha256} differs from the sealed original "
            f"{minutes.sealed_sha256} of minutes {minutes.id}: it has been altered or "
            "re-rendered, whatever its own seal says"
        )
    version = identified[1]
    return Verification(False, minutes.id, version, seal, (), (problem, *seal.problems), sha256)


def _unknown(seal: SealCheck, sha256: str, problem: str) -> Verification:
    return Verification(False, None, None, seal, (), (problem, *seal.problems), sha256)


async def _signature_checks(minutes: MinutesRow) -> tuple[SignatureCheck, ...]:
    version = await current_version(minutes)
    rows = await Signature.select(
        Signature.person.as_alias("person_id"), Signature.decision, Signature.version_sha256
    ).where(Signature.minutes == minutes.id)
    people = await parties.get_people([row["person_id"] for row in rows])
    return tuple(
        SignatureCheck(
            signer=people[row["person_id"]].name
            if row["person_id"] in people
            else str(row["person_id"]),
            person_id=row["person_id"],
            decision=Decision(row["decision"]),
            valid=row["version_sha256"] == version.sha256
            and content_store().exists(version.sha256),
        )
        for row in rows
        if row["version_sha256"] == version.sha256
    )


@dataclass(frozen=True)
class ArchiveQuery:
    """What an archivist searches sealed minutes by; every part given must match."""

    #: Part of the document number (文号), e.g. "0001".
    document_number: str | None = None
    #: Part of the case's reference or title.
    case: str | None = None
    session_title: str | None = None
    #: The local date the session was held on, in its own zone, from and to (inclusive).
    held_from: date | None = None
    held_to: date | None = None


@dataclass(frozen=True)
class ArchivedMinutes:
    """Sealed minutes as the archive lists them: what their sealed record says."""

    id: UUID
    session_id: UUID
    version: int
    document_number: str | None
    case_reference: str
    case_title: str
    session_title: str
    session_kind: str
    start: datetime | None
    timezone: str
    sealed_at: datetime | None
    sealed_sha256: str | None


async def search_sealed_minutes(
    viewer: Viewer, query: ArchiveQuery, limit: int, offset: int
) -> tuple[list[ArchivedMinutes], int]:
    """Sealed minutes matching ``query``, the latest sealed first, for archive readers.

    The case and session are matched as the sealed record names them, not as they read
    today: the archive answers for what was sealed (the catalogue keeps them as sealed).
    """
    ensure_archive_reader(viewer)
    if query.held_from and query.held_to and query.held_from > query.held_to:
        raise RuleViolation(
            "the end of the date range is before its start",
            code="date_range_reversed",
            field="held_to",
        )
    conditions = _catalogue_conditions(query)
    listing = ArchiveEntry.select(*_LISTED).order_by(ArchiveEntry.sealed_at, ascending=False)
    counting = ArchiveEntry.count()
    for condition in conditions:
        listing = listing.where(condition)
        counting = counting.where(condition)
    rows = await listing.order_by(ArchiveEntry.minutes).limit(limit).offset(offset)
    return [_archived(row) for row in rows], await counting


_LISTED = (
    ArchiveEntry.minutes.as_alias("minutes_id"),
    ArchiveEntry.session,
    ArchiveEntry.version,
    ArchiveEntry.document_number,
    ArchiveEntry.case_reference,
    ArchiveEntry.case_title,
    ArchiveEntry.session_title,
    ArchiveEntry.session_kind,
    ArchiveEntry.start,
    ArchiveEntry.timezone,
    ArchiveEntry.sealed_at,
    ArchiveEntry.sealed_sha256,
)


def _contains(column: str, part: str) -> WhereRaw:
    # The column name is one of ours, never the caller's; the part is a bound parameter.
    return WhereRaw(f"{column} LIKE {{}} ESCAPE '{LIKE_ESCAPE}'", contains_pattern(part))


def _catalogue_conditions(query: ArchiveQuery) -> list[Combinable]:
    conditions: list[Combinable] = []
    if query.document_number:
        conditions.append(_contains("search_document_number", query.document_number))
    if query.case:
        conditions.append(
            _contains("search_case_reference", query.case)
            | _contains("search_case_title", query.case)
        )
    if query.session_title:
        conditions.append(_contains("search_session_title", query.session_title))
    if query.held_from:
        conditions.append(ArchiveEntry.held_on >= query.held_from)
    if query.held_to:
        conditions.append(ArchiveEntry.held_on <= query.held_to)
    return conditions


def _archived(row: dict[str, Any]) -> ArchivedMinutes:
    return ArchivedMinutes(
        id=row["minutes_id"],
        session_id=row["session"],
        version=row["version"],
        document_number=row["document_number"],
        case_reference=row["case_reference"],
        case_title=row["case_title"],
        session_title=row["session_title"],
        session_kind=row["session_kind"],
        start=row["start"],
        timezone=row["timezone"],
        sealed_at=row["sealed_at"],
        sealed_sha256=row["sealed_sha256"],
    )
