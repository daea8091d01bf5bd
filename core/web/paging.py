"""Query parameters and helpers shared by list and update endpoints."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar.params import QueryParameter

Limit = Annotated[int, QueryParameter(ge=1, le=500)]


Offset = Annotated[int, QueryParameter(ge=0)]


def changes_of(update: msgspec.Struct) -> dict[str, Any]:
    """The fields a PATCH body actually sent."""
    return {
        field: value
        for field in update.__struct_fields__
        if (value := getattr(update, field)) is not msgspec.UNSET
    }
