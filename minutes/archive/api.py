"""HTTP endpoint for verifying a PDF against the archive."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body

from core.web.guards import account_of
from minutes.archive import service as archive
from minutes.archive.service import Verification
from minutes.vocabulary import Decision


class SignatureCheckRead(msgspec.Struct):
    signer: str
    person_id: UUID
    decision: Decision
    valid: bool


class VerificationRead(msgspec.Struct):
    intact: bool
    signatures: list[SignatureCheckRead]
    problems: list[str]
    sha256: str
    minutes_id: UUID | None = None


class VerifyUpload(msgspec.Struct):
    file: UploadFile


def verification_read(result: Verification) -> VerificationRead:
    return VerificationRead(
        intact=result.intact,
        minutes_id=result.minutes_id,
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

    @post("/verify", operation_id="verifyArchivedPdf", status_code=200)
    async def verify(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[VerifyUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> VerificationRead:
        content = await data.file.read()
        return verification_read(await archive.verify_pdf(account_of(request), content))
