"""Query parameters and helpers shared by list and update endpoints."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar.params import QueryParameter

Limit = Annotated[int, QueryParameter(ge=1, le=500)]


#: Past any real table, and inside every engine's 64-bit integer (an offset of 2**63 used to
#: reach the database and fail there).
MAX_OFFSET = 1_000_000_000

Offset = Annotated[int, QueryParameter(ge=0, le=MAX_OFFSET)]


def changes_of(update: msgspec.Struct) -> dict[str, Any]:
    """The fields a PATCH body actually sent."""
    return {
        field: value
        for field in update.__struct_fields__
        if (value := getattr(update, field)) is not msgspec.UNSET
    }
