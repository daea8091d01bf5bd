"""HTTP endpoints for checking a PDF against the archive, open without a login: whoever holds
a copy of sealed minutes may check it, and fetch the certificates to check it themselves."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body

from core.web.guards import throttled_per_address
from minutes.archive import service as archive
from minutes.archive.service import MAX_UPLOAD_BYTES, Verification
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
