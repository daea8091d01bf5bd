"""The archive: the content store and verification of a PDF someone holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from core.errors import NotFound
from minutes.archive.content_store import content_store
from minutes.archive.pdf_inspection import identify_minutes
from minutes.document import (
    sha256_hex,
)
from minutes.drafts.service import _current_version, _minutes_row
from minutes.tables import Minutes, Signature
from parties.people import service as parties


@dataclass(frozen=True)
class SignatureCheck:
    signer: str
    person_id: UUID
    decision: str
    valid: bool


@dataclass(frozen=True)
class Verification:
    intact: bool
    minutes_id: UUID | None
    signatures: tuple[SignatureCheck, ...]
    problems: tuple[str, ...]
    sha256: str


async def verify_pdf(pdf: bytes) -> Verification:
    sha256 = sha256_hex(pdf)
    minutes = await Minutes.select().where(Minutes.sealed_sha256 == sha256).first()
    problems: list[str] = []
    if minutes is None:
        identified = identify_minutes(pdf)
        if identified is None:
            return Verification(False, None, (), ("the file is not a Concord minutes PDF",), sha256)
        try:
            minutes_id = UUID(identified[0])
            minutes = await _minutes_row(minutes_id)
        except (ValueError, NotFound):
            return Verification(
                False, None, (), ("the file names minutes this archive does not hold",), sha256
            )
        if minutes["status"] != "sealed":
            problems.append("these minutes have not been sealed yet")
        else:
            problems.append(
                f"the file's SHA-256 {sha256} differs from the sealed original "
                f"{minutes['sealed_sha256']}: it has been altered"
            )
    else:
        try:
            content_store().get(sha256)
        except Exception as exc:  # the archive copy itself is damaged or missing
            problems.append(f"the archived original cannot be read back intact: {exc}")
    checks = await _signature_checks(minutes)
    return Verification(not problems, minutes["id"], checks, tuple(problems), sha256)


async def _signature_checks(minutes: dict[str, Any]) -> tuple[SignatureCheck, ...]:
    version = await _current_version(minutes)
    rows = await Signature.select(
        Signature.person.as_alias("person_id"), Signature.decision, Signature.version_sha256
    ).where(Signature.minutes == minutes["id"])
    people = await parties.get_people([row["person_id"] for row in rows])
    return tuple(
        SignatureCheck(
            signer=people[row["person_id"]].name
            if row["person_id"] in people
            else str(row["person_id"]),
            person_id=row["person_id"],
            decision=row["decision"],
            valid=row["version_sha256"] == version["sha256"]
            and content_store().exists(version["sha256"]),
        )
        for row in rows
        if row["version_sha256"] == version["sha256"]
    )
