"""The floor Concord is measured against: bare Litestar + asyncpg running the same queries.

``uvicorn bench.bare_app:create_app --factory`` with ``DATABASE_URL`` pointing at a database
seeded by ``bench.api_load``. ``GET /api/v1/sessions?limit=20`` runs what Concord's session list
needs, one query each, on one pooled connection: the bearer token's row (with its family and
account), 20 sessions, their participants and the count. ``GET /health`` answers at once. No
access rules, no error mapping, no audit: only the stack's own cost.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from litestar import Litestar, Request, get
from litestar.exceptions import NotAuthorizedException

TOKEN_ROW = """
SELECT t.expires_at, f.revoked_at, a.id AS account_id, a.email, a.role, a.person AS person_id,
       a.active
FROM access_tokens t
JOIN token_families f ON f.id = t.family
JOIN accounts a ON a.id = t.account
WHERE t.token_sha256 = $1
"""
SESSIONS = """
SELECT id, kind, "case", title, duration_minutes, locale, status, sequence, start_at, end_at,
       room_id, cancel_reason, agenda, follow_up_of, minutes_sealed_at, room_name, room_address,
       room_timezone, public_seats
FROM sessions ORDER BY created_at, id LIMIT $1 OFFSET $2
"""
PARTICIPANTS = """
SELECT session, person, role, required, partstat, removed
FROM session_participants WHERE session = ANY($1::uuid[]) ORDER BY role
"""
COUNT = "SELECT count(*) FROM sessions"

pool: asyncpg.Pool | None = None


@asynccontextmanager
async def connection_pool(_: Litestar) -> AsyncIterator[None]:
    global pool
    pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=1, max_size=10)
    try:
        yield
    finally:
        await pool.close()


@get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@get("/api/v1/sessions")
async def list_sessions(request: Request[Any, Any, Any], limit: int = 50) -> dict[str, Any]:
    token = request.headers.get("authorization", "").partition(" ")[2]
    assert pool is not None
    async with pool.acquire() as connection:
        digest = hashlib.sha256(token.encode()).hexdigest()
        if await connection.fetchrow(TOKEN_ROW, digest) is None:
            raise NotAuthorizedException()
        sessions = await connection.fetch(SESSIONS, limit, 0)
        participants = await connection.fetch(PARTICIPANTS, [row["id"] for row in sessions])
        total = await connection.fetchval(COUNT)
    by_session: dict[Any, list[dict[str, Any]]] = {row["id"]: [] for row in sessions}
    for row in participants:
        by_session[row["session"]].append(dict(row))
    items = [dict(row) | {"participants": by_session[row["id"]]} for row in sessions]
    return {"items": items, "total": total, "limit": limit, "offset": 0}


def create_app() -> Litestar:
    return Litestar([health, list_sessions], lifespan=[connection_pool], openapi_config=None)
