"""HTTP endpoints for checking a PDF against the archive, open without a login: whoever holds
a copy of sealed minutes may check it, and fetch the certificates to check it themselves."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, QueryParameter

from core.web.guards import account_of, throttled_per_address
from core.web.paging import Limit, Offset
from core.web.wire import SINGLE_LINE_PATTERN
from minutes.archive import service as archive
from minutes.archive.service import MAX_UPLOAD_BYTES, ArchivedMinutes, ArchiveQuery, Verification
from minutes.vocabulary import Decision

PEM_MEDIA_TYPE = "application/x-pem-file"
#: Room for the multipart envelope around a file of the largest size verification accepts.
_MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64 * 1024


class SignatureCheckRead(msgspec.Struct):
    signer: str
    person_id: UUID
    decision: Decision
    valid: bool


class SealRead(msgspec.Struct):
    valid: bool
    signer: str | None
    signed_at: datetime | None
    timestamp_valid: bool
    covers_whole_file: bool
    #: The PAdES level the file reaches (B-B, B-T, B-LT, B-LTA) when the seal is valid.
    level: str | None


class VerificationRead(msgspec.Struct):
    intact: bool
    seal: SealRead
    signatures: list[SignatureCheckRead]
    problems: list[str]
    sha256: str
    minutes_id: UUID | None = None
    version: int | None = None


class VerifyUpload(msgspec.Struct):
    file: UploadFile


def verification_read(result: Verification) -> VerificationRead:
    return VerificationRead(
        intact=result.intact,
        minutes_id=result.minutes_id,
        version=result.version,
        seal=msgspec.convert(result.seal, SealRead, from_attributes=True),
        signatures=[
            msgspec.convert(check, SignatureCheckRead, from_attributes=True)
            for check in result.signatures
        ],
        problems=list(result.problems),
        sha256=result.sha256,
    )


class ArchiveController(Controller):
    path = "/api/v1/archive"
    tags = ["archive"]

    @post(
        "/verify",
        operation_id="verifyArchivedPdf",
        status_code=200,
        request_max_body_size=_MAX_REQUEST_BYTES,
        guards=[throttled_per_address("archive_verify")],
    )
    async def verify(
        self,
        data: Annotated[VerifyUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> VerificationRead:
        content = await data.file.read()
        return verification_read(await archive.verify_pdf(content))

    @get(
        "/certificate",
        operation_id="getSealCertificates",
        media_type=PEM_MEDIA_TYPE,
        guards=[throttled_per_address("archive_certificate")],
    )
    async def certificate(self) -> Response[bytes]:
        return Response(
            await archive.trusted_certificates(),
            media_type=PEM_MEDIA_TYPE,
            headers={"Content-Disposition": 'inline; filename="concord-seal.pem"'},
        )


#: A part of a name or number searched for: one line (PostgreSQL cannot even compare a NUL).
SearchText = Annotated[
    str | None, QueryParameter(pattern=SINGLE_LINE_PATTERN, min_length=1, max_length=200)
]
SearchDay = Annotated[date | None, QueryParameter()]


class ArchivedMinutesRead(msgspec.Struct):
    id: UUID
    session_id: UUID
    version: int
    case_reference: str
    case_title: str
    session_title: str
    session_kind: str
    timezone: str
    pdf_url: str
    bag_url: str
    document_number: str | None = None
    start: datetime | None = None
    sealed_at: datetime | None = None
    sealed_sha256: str | None = None


class ArchivedMinutesList(msgspec.Struct):
    items: list[ArchivedMinutesRead]
    total: int
    limit: int
    offset: int


def archived_minutes_read(entry: ArchivedMinutes) -> ArchivedMinutesRead:
    return ArchivedMinutesRead(
        id=entry.id,
        session_id=entry.session_id,
        version=entry.version,
        case_reference=entry.case_reference,
        case_title=entry.case_title,
        session_title=entry.session_title,
        session_kind=entry.session_kind,
        timezone=entry.timezone,
        pdf_url=f"/api/v1/minutes/{entry.id}/pdf",
        bag_url=f"/api/v1/minutes/{entry.id}/bag",
        document_number=entry.document_number,
        start=entry.start,
        sealed_at=entry.sealed_at,
        sealed_sha256=entry.sealed_sha256,
    )


class ArchivedMinutesController(Controller):
    path = "/api/v1/archive/minutes"
    tags = ["archive"]

    @get("/", operation_id="searchArchivedMinutes")
    async def search(
        self,
        request: Request[Any, Any, Any],
        limit: Limit = 50,
        offset: Offset = 0,
        document_number: SearchText = None,
        case: SearchText = None,
        session_title: SearchText = None,
        held_from: SearchDay = None,
        held_to: SearchDay = None,
    ) -> ArchivedMinutesList:
        """Sealed minutes, the latest sealed first (archivists and staff): by part of the
        document number, of the case's reference or title, of the session title, and by the
        local day the session was held (``held_from``/``held_to``, inclusive)."""
        query = ArchiveQuery(document_number, case, session_title, held_from, held_to)
        found, total = await archive.search_sealed_minutes(
            account_of(request), query, limit, offset
        )
        return ArchivedMinutesList(
            items=[archived_minutes_read(entry) for entry in found],
            total=total,
            limit=limit,
            offset=offset,
        )
