"""Query strings may carry characters no text column can hold: PostgreSQL refuses a NUL deep
inside the query (a 500 from the driver), SQLite would quietly compare it. Refused at the
door instead, for every parameter of every operation, as Litestar refuses a malformed one
(400, the parameter named)."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import ValidationException


def refuse_nul_in_query(request: Request[Any, Any, Any]) -> None:
    for name, value in request.query_params.multi_items():
        if "\x00" in value:
            message = f"{name} must not contain a NUL character"
            raise ValidationException(
                detail=message, extra=[{"message": message, "key": name, "source": "query"}]
            )
