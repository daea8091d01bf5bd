"""HTTP types for signatures."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

import msgspec
from litestar.params import FromPath

Sha256 = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}$")]


class SignatureIn(msgspec.Struct):
    person_id: FromPath[UUID]
    decision: Literal["sign", "refuse"]
    version_sha256: Sha256
    reason: Annotated[str, msgspec.Meta(max_length=2000)] | None = None
