"""Liveness with a database round trip."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Response, get

from core.db import database, is_sqlite


class Health(msgspec.Struct):
    status: str
    database: str
    engine: str


@get("/health", operation_id="health", tags=["health"], exclude_from_auth=True)
async def health() -> Response[Any]:
    engine = "sqlite" if is_sqlite() else "postgresql"
    try:
        await database().run_ddl("SELECT 1")
    except Exception as exc:
        body = Health(status="unavailable", database=f"error: {type(exc).__name__}", engine=engine)
        return Response(body, status_code=503)
    return Response(Health(status="ok", database="ok", engine=engine))
