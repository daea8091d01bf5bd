"""The archive: the content store and verification of a PDF someone holds."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from core.access import Viewer
from core.errors import NotFound, RuleViolation
from minutes.access import ensure_archive_reader, may_read
from minutes.archive.content_store import content_store
from minutes.archive.pdf_inspection import identify_minutes
from minutes.document import (
    sha256_hex,
)
from minutes.store import MinutesRow, current_version, minutes_row, minutes_sealed_as
from minutes.tables import Signature
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
    signatures: tuple[SignatureCheck, ...]
    problems: tuple[str, ...]
    sha256: str


async def verify_pdf(viewer: Viewer, pdf: bytes) -> Verification:
    """Which minutes ``pdf`` is, and whether it is byte for byte the sealed original."""
    ensure_archive_reader(viewer)
    if not pdf:
        raise RuleViolation("the uploaded file is empty", code="empty_file", field="file")
    if len(pdf) > MAX_UPLOAD_BYTES:
        raise RuleViolation("the file is larger than 50 MiB", code="file_too_large", field="file")
    sha256 = sha256_hex(pdf)
    minutes = await minutes_sealed_as(sha256)
    if minutes is None:
        return await _verify_unknown_bytes(viewer, pdf, sha256)
    problems: list[str] = []
    try:
        content_store().get(sha256)
    except Exception as exc:  # the archive copy itself is damaged or missing
        problems.append(f"the archived original cannot be read back intact: {exc}")
    checks = await _signature_checks(minutes)
    return Verification(not problems, minutes.id, checks, tuple(problems), sha256)


async def _verify_unknown_bytes(viewer: Viewer, pdf: bytes, sha256: str) -> Verification:
    """A file that is no sealed original: a draft, an altered copy, or not minutes at all."""
    identified = identify_minutes(pdf)
    if identified is None:
        return Verification(False, None, (), ("the file is not a Concord minutes PDF",), sha256)
    try:
        minutes_id = UUID(identified[0])
        minutes = await minutes_row(minutes_id)
    except (ValueError, NotFound):
        return Verification(
            False, None, (), ("the file names minutes this archive does not hold",), sha256
        )
    if not minutes.is_sealed:
        problem = "these minutes have not been sealed yet"
    else:
        problem = (
            f"the file's SHA-256 {sha256} differs from the sealed original "
            f"{minutes.sealed_sha256}: it has been altered"
        )
    # Only archive readers verify, and they sit in no session: an archivist reading a draft's
    # file learns which minutes it names (the file says so) but not who has signed them yet.
    readable = may_read(viewer, minutes.status, participant_ids=())
    checks = await _signature_checks(minutes) if readable else ()
    return Verification(False, minutes.id, checks, (problem,), sha256)


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
