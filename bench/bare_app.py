"""The floor Concord is measured against: bare Litestar + asyncpg running the same queries.

``uvicorn bench.bare_app:create_app --factory`` with ``DATABASE_URL`` pointing at a database
seeded by ``bench.api_load`` and ``BARE_SCRIPT`` at the file it recorded (``bench.bare_script``).
Every endpoint but ``/health`` looks the bearer token's row up (with its family and account) and
then, on one pooled connection released without a reset, taken in the order requests asked
(both as Concord takes and releases them, core.postgres_pool):

- ``GET /api/v1/sessions?limit=20``: 20 sessions, their participants and the count, written here;
- ``POST .../slot-search``: the statements Concord's slot search sent, then Concord's pure work
  on what they loaded: each one's free time, then the slot engine;
- ``GET /api/v1/calendars/{token}.ics``: the feed's statements, then Concord's pure work on what
  they loaded: each session's calendar event (with its signed answer link), then the iCalendar
  writer (no token lookup: a feed's URL is its secret);
- ``POST .../booking``: one recorded booking's statements, for this session
  (``bench.sql_replay.BookingReplay``), in its two transactions.

Concord's pure computation is the same work either way and runs here too; what is left out is
the rest of Concord: building rows into views, access rules, request decoding into its types,
error mapping, audit context. For a booking that computation is each participant's iCalendar
text and invitation email, built (and serialised as the outbox stores it) from the arguments
Concord built them from; the statements then store the recorded bytes, swapped for this session.
The booking's small availability check (a few interval comparisons) is left out.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import asyncpg
from litestar import Litestar, Request, Response, get, post
from litestar.exceptions import NotAuthorizedException, NotFoundException

from bench.bare_script import BareScript
from bench.sql_replay import replay
from core.outbox.service import message_id_for, wire_text
from scheduling.invitations.mail import compose_invitation
from scheduling.invitations.service import invitation_event, invitation_text
from scheduling.invitations.writer import build_feed
from scheduling.slots.search import find_common_slots
from scheduling.slots.service import engine_inputs

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

POOL_SIZE = 10
pool: asyncpg.Pool | None = None
#: First come, first served, as Concord's requests take their connections: asyncpg's pool alone
#: lets a newcomer take a connection ahead of those waiting, which stretches the slowest
#: answers, and the floor's p99 would then be easy to beat.
turns = asyncio.Semaphore(POOL_SIZE)
script: BareScript | None = None


async def _no_reset(_: asyncpg.Connection) -> None:
    """Concord releases its connections without asyncpg's reset round trip; so does the floor."""


@asynccontextmanager
async def connection_pool(_: Litestar) -> AsyncIterator[None]:
    global pool, script
    if os.environ.get("BARE_SCRIPT"):
        script = BareScript.load(Path(os.environ["BARE_SCRIPT"]))
    pool = await asyncpg.create_pool(
        os.environ["DATABASE_URL"], min_size=1, max_size=POOL_SIZE, reset=_no_reset
    )
    try:
        yield
    finally:
        await pool.close()


async def _authenticate(connection: asyncpg.Connection, request: Request[Any, Any, Any]) -> None:
    token = request.headers.get("authorization", "").partition(" ")[2]
    digest = hashlib.sha256(token.encode()).hexdigest()
    if await connection.fetchrow(TOKEN_ROW, digest) is None:
        raise NotAuthorizedException()


@asynccontextmanager
async def _connection() -> AsyncIterator[asyncpg.Connection]:
    assert pool is not None
    async with turns, pool.acquire() as connection:
        yield connection


def _script() -> BareScript:
    if script is None:
        raise NotFoundException("no BARE_SCRIPT recorded")
    return script


@get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@get("/api/v1/sessions")
async def list_sessions(request: Request[Any, Any, Any], limit: int = 50) -> dict[str, Any]:
    async with _connection() as connection:
        await _authenticate(connection, request)
        sessions = await connection.fetch(SESSIONS, limit, 0)
        participants = await connection.fetch(PARTICIPANTS, [row["id"] for row in sessions])
        total = await connection.fetchval(COUNT)
    by_session: dict[Any, list[dict[str, Any]]] = {row["id"]: [] for row in sessions}
    for row in participants:
        by_session[row["session"]].append(dict(row))
    items = [dict(row) | {"participants": by_session[row["id"]]} for row in sessions]
    return {"items": items, "total": total, "limit": limit, "offset": 0}


@post("/api/v1/sessions/{session_id:uuid}/slot-search", status_code=200)
async def search_slots(
    request: Request[Any, Any, Any], session_id: UUID, data: dict[str, Any]
) -> dict[str, Any]:
    recorded = _script()
    async with _connection() as connection:
        await _authenticate(connection, request)
        await replay(connection, recorded.slot_search)
    attendees, rooms = engine_inputs(*recorded.slot_inputs.args, **recorded.slot_inputs.kwargs)
    engine = recorded.slot_engine
    result = find_common_slots(engine.args[0], attendees, rooms, **engine.kwargs)
    slots = [
        {
            "start": slot.start,
            "end": slot.end,
            "room_id": slot.room_id,
            "missing_optional": list(slot.missing_optional),
            "fragmentation": slot.fragmentation,
        }
        for slot in result.slots
    ]
    return {"slots": slots, "reason": result.reason, "blocking": list(result.blocking)}


@get("/api/v1/calendars/{feed:str}")
async def feed(feed: str) -> Response[bytes]:
    recorded = _script()
    async with _connection() as connection:
        await replay(connection, recorded.feed)
    events = [invitation_event(*call.args, **call.kwargs) for call in recorded.feed_events]
    writer = recorded.feed_writer
    body = build_feed(events, *writer.args[1:], **writer.kwargs).encode()
    etag = f'"{hashlib.sha256(body).hexdigest()}"'
    return Response(body, media_type="text/calendar; charset=utf-8", headers={"ETag": etag})


@post("/api/v1/sessions/{session_id:uuid}/booking")
async def book(
    request: Request[Any, Any, Any], session_id: UUID, data: dict[str, Any]
) -> dict[str, Any]:
    recorded = _script()
    booking = recorded.pool.get(session_id)
    if booking is None or data.get("room_id") != str(booking.room_id):
        raise NotFoundException("not a session of the booking pool")
    async with _connection() as connection:
        await _authenticate(connection, request)
        await recorded.booking.book(connection, booking, lambda: _invitations(recorded))
    return {
        "id": session_id,
        "status": "scheduled",
        "start": booking.start,
        "room_id": booking.room_id,
    }


def _invitations(recorded: BareScript) -> None:
    """The booking's pure work, as Concord does it inside its transaction."""
    for text_call, email_call in zip(
        recorded.invitation_texts, recorded.invitation_emails, strict=True
    ):
        text = invitation_text(*text_call.args, **text_call.kwargs)
        facts, announcement, _, sender, sent_at = email_call.args
        message = compose_invitation(facts, announcement, text, sender, sent_at)
        message["Message-ID"] = message_id_for(uuid4(), "bench.example.cn")
        wire_text(message)


def create_app() -> Litestar:
    return Litestar(
        [health, list_sessions, search_slots, feed, book],
        lifespan=[connection_pool],
        openapi_config=None,
    )
