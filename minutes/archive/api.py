"""HTTP endpoint for verifying a PDF against the archive."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath

from core.errors import RuleViolation
from core.web.guards import (
    archive_readers,
)
from minutes.archive import service as archive
from minutes.archive.service import Verification

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class SignatureCheckRead(msgspec.Struct):
    signer: str
    person_id: FromPath[UUID]
    decision: str
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

    @post("/verify", operation_id="verifyArchivedPdf", status_code=200, guards=[archive_readers])
    async def verify(
        self, data: Annotated[VerifyUpload, Body(media_type=RequestEncodingType.MULTI_PART)]
    ) -> VerificationRead:
        content = await data.file.read()
        if not content:
            raise RuleViolation("the uploaded file is empty", code="empty_file", field="file")
        if len(content) > MAX_UPLOAD_BYTES:
            raise RuleViolation(
                "the file is larger than 50 MiB", code="file_too_large", field="file"
            )
        return verification_read(await archive.verify_pdf(content))
