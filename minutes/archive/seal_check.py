"""Check the institution's seal on a PDF with pyHanko's validator, from the file alone.

Only the institution's and its timestamp authority's anchors are trusted, nothing is fetched:
the validation data comes from the file's own DSS. Uploaded files may be anything, so every
failure, down to bytes that are no PDF at all, becomes a problem in the answer, never an
exception.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any

from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import (
    DocumentSecurityStore,
    ModificationInfo,
    PdfSignatureStatus,
    SignatureCoverageLevel,
    validate_pdf_signature,
    validate_pdf_timestamp,
)
from pyhanko.sign.validation.errors import NoDSSFoundError, SignatureValidationError
from pyhanko_certvalidator import ValidationContext

from minutes.archive.long_term import holds_long_term
from minutes.seal.institution import institution
from minutes.seal.pades import SEAL_FIELD

logger = logging.getLogger(__name__)

#: What PAdES calls the signature, from a bare one to one kept verifiable indefinitely.
LEVEL_B_B = "B-B"
LEVEL_B_T = "B-T"
LEVEL_B_LT = "B-LT"
LEVEL_B_LTA = "B-LTA"


@dataclass(frozen=True)
class SealCheck:
    #: The signature is intact and made with a certificate the institution trusts.
    valid: bool
    #: The seal certificate's common name.
    signer: str | None
    #: When the timestamp authority saw the signature.
    signed_at: datetime | None
    timestamp_valid: bool
    #: Nothing follows the seal but its own validation data and document timestamps.
    covers_whole_file: bool
    #: The PAdES level the file reaches, if the seal is valid.
    level: str | None
    problems: tuple[str, ...]

    @property
    def holds(self) -> bool:
        return self.valid and self.timestamp_valid and self.covers_whole_file


def check_seal(pdf: bytes, as_of: datetime | None = None) -> SealCheck:
    """What pyHanko's validator says of the seal on ``pdf``, now or as of a later moment
    (blocking; never raises)."""
    try:
        return _check(pdf, as_of)
    # pyHanko raises many kinds of errors on hostile input; whatever it is, it is an answer.
    except Exception as error:
        logger.info("seal check failed on an uploaded file", exc_info=error)
        return _failed(f"the seal could not be checked: {type(error).__name__}: {error}")


def _check(pdf: bytes, as_of: datetime | None) -> SealCheck:
    try:
        reader = PdfFileReader(BytesIO(pdf))
    except (PdfError, ValueError, KeyError, IndexError, TypeError) as error:
        return _failed(f"the file is not a readable PDF ({error})")
    if reader.encrypted:
        return _failed("the file is encrypted: a sealed minutes PDF never is")
    seals = reader.embedded_regular_signatures
    if not seals:
        return _failed("the file carries no seal (no PDF signature)")
    seal = next((s for s in seals if s.field_name == SEAL_FIELD), seals[0])
    context = _validation_context(reader, as_of)
    status = validate_pdf_signature(seal, context, context)
    # Certificates expire long before minutes stop mattering: a seal no longer trusted today is
    # still good if its timestamps and embedded validation data prove it was when it was made.
    long_term = status.intact and status.valid and not status.trusted
    long_term = long_term and holds_long_term(seal, as_of)
    return _report(reader, status, others=len(seals) - 1, long_term=long_term)


def _validation_context(reader: PdfFileReader, as_of: datetime | None = None) -> ValidationContext:
    trusted = institution()
    settings: dict[str, Any] = {
        "trust_roots": list(trusted.trust_roots),
        "other_certs": list(trusted.other_certs),
        "allow_fetching": False,
        # The DSS carries the revocation data the seal was made with; later, fresher lists
        # cannot be fetched offline, so a stale list is no reason to reject a revoked-free seal.
        "revocation_mode": "soft-fail",
    }
    if as_of is not None:
        settings["moment"] = as_of
    try:
        return DocumentSecurityStore.read_dss(reader).as_validation_context(settings)
    except NoDSSFoundError:
        return ValidationContext(**settings)


def _report(
    reader: PdfFileReader, status: PdfSignatureStatus, others: int, long_term: bool
) -> SealCheck:
    problems: list[str] = []
    if not status.intact:
        problems.append("the sealed bytes were altered: the seal's digest no longer matches")
    elif not status.valid:
        problems.append("the seal's signature is cryptographically invalid")
    elif not (status.trusted or long_term):
        problems.append("the seal was not made with the institution's certificate")
    timestamp = status.timestamp_validity
    timestamp_valid = bool(
        timestamp is not None
        and timestamp.intact
        and timestamp.valid
        and (timestamp.trusted or long_term)
    )
    if timestamp is None:
        problems.append("the seal carries no RFC 3161 timestamp")
    elif not timestamp_valid:
        problems.append("the seal's timestamp is not valid or not from a trusted authority")
    covers = _covers_whole_file(status)
    if not covers:
        problems.append(
            "the file was changed after it was sealed "
            f"({_describe_modification(status)}): the seal covers only an earlier revision"
        )
    if others:
        problems.append(f"the file carries {others} signature(s) besides the seal")
    valid = status.intact and status.valid and (status.trusted or long_term)
    return SealCheck(
        valid=valid,
        signer=_common_name(status),
        signed_at=timestamp.timestamp if timestamp is not None else None,
        timestamp_valid=timestamp_valid,
        covers_whole_file=covers,
        level=(LEVEL_B_LTA if long_term else _level(reader, timestamp_valid)) if valid else None,
        problems=tuple(problems),
    )


def _covers_whole_file(status: ModificationInfo) -> bool:
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    # Only the DSS and document timestamps (PAdES LTA updates) may follow the seal.
    modification = status.modification_level
    return (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and modification is not None
        and modification.name in ("NONE", "LTA_UPDATES")
    )


def _describe_modification(status: ModificationInfo) -> str:
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return "bytes outside any signed revision"
    level = status.modification_level
    return f"modification level {level.name}" if level is not None else "unanalysable changes"


def _common_name(status: PdfSignatureStatus) -> str | None:
    name = status.signing_cert.subject.native.get("common_name")
    return str(name) if name is not None else None


def _level(reader: PdfFileReader, timestamp_valid: bool) -> str:
    if not timestamp_valid:
        return LEVEL_B_B
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return LEVEL_B_T
    if not (list(dss.load_certs()) and (dss.crls or dss.ocsps)):
        return LEVEL_B_T
    return LEVEL_B_LTA if _document_timestamp_holds(reader) else LEVEL_B_LT


def _document_timestamp_holds(reader: PdfFileReader) -> bool:
    """The newest document timestamp is valid, trusted and covers the file (B-LTA)."""
    timestamps = reader.embedded_timestamp_signatures
    if not timestamps:
        return False
    try:
        status = validate_pdf_timestamp(timestamps[-1], _validation_context(reader))
    except (SignatureValidationError, PdfError):
        return False
    return bool(status.intact and status.valid and status.trusted and _covers_whole_file(status))


def _failed(problem: str) -> SealCheck:
    return SealCheck(
        valid=False,
        signer=None,
        signed_at=None,
        timestamp_valid=False,
        covers_whole_file=False,
        level=None,
        problems=(problem,),
    )
