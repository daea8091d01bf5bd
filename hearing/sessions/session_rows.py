"""Reading sessions with their participants: the hottest reads in Concord, in plain SQL.

Every session list, calendar feed and record page goes through here. The statements are
written once rather than built per call by the query builder (building cost more than running
them), participants come in one query for a whole page, and a page runs on one connection.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from core.crud import Row
from core.db import read_together, sql_one_of
from hearing.sessions.views import SessionParticipantView, SessionView, Venue
from hearing.tables import Session

_COLUMNS = (
    'id, kind, "case", title, duration_minutes, locale, status, sequence, start_at, end_at, '
    "room_id, cancel_reason, agenda, follow_up_of, minutes_sealed_at, room_name, room_address, "
    "room_timezone, public_seats"
)
_PARTICIPANT_COLUMNS = "session, person, role, required, partstat, removed"


@dataclass(frozen=True)
class SessionFilter:
    case_id: UUID | None = None
    status: str | None = None
    #: Sessions that end after this moment (with ``starts_before``: overlap a window).
    starts_from: datetime | None = None
    starts_before: datetime | None = None
    person_id: UUID | None = None


EVERY_SESSION = SessionFilter()


def _where(found_by: SessionFilter) -> tuple[str, list[Any]]:
    conditions: list[tuple[str, Any]] = [
        ('"case" = {}', found_by.case_id),
        ("status = {}", found_by.status),
        ("end_at > {}", found_by.starts_from),
        ("start_at < {}", found_by.starts_before),
        ("id IN (SELECT session FROM session_participants WHERE person = {})", found_by.person_id),
    ]
    given = [(sql, value) for sql, value in conditions if value is not None and value != ""]
    if not given:
        return "", []
    return " WHERE " + " AND ".join(sql for sql, _ in given), [value for _, value in given]


async def participants_by_session(session_ids: Sequence[UUID]) -> dict[UUID, list[Row]]:
    grouped: dict[UUID, list[Row]] = {session_id: [] for session_id in session_ids}
    if not session_ids:
        return grouped
    condition, arguments = sql_one_of("session", session_ids)
    rows = await Session.raw(
        f"SELECT {_PARTICIPANT_COLUMNS} FROM session_participants WHERE {condition} ORDER BY role",
        *arguments,
    )
    for row in rows:
        grouped[row["session"]].append(row)
    return grouped


async def session_rows_by_id(session_id: UUID) -> SessionView | None:
    async with read_together():
        rows = await Session.raw(f"SELECT {_COLUMNS} FROM sessions WHERE id = {{}}", session_id)
        if not rows:
            return None
        participants = await participants_by_session([session_id])
    return session_view(rows[0], participants[session_id])


async def session_page(
    limit: int, offset: int, found_by: SessionFilter
) -> tuple[list[SessionView], int]:
    """One page of matching sessions, oldest first, and how many match."""
    where, arguments = _where(found_by)
    async with read_together():
        sessions = await _matching(where, arguments, " LIMIT {} OFFSET {}", [limit, offset])
        counted = await Session.raw(f"SELECT count(*) AS total FROM sessions{where}", *arguments)
    return sessions, int(counted[0]["total"])


async def every_session(found_by: SessionFilter) -> list[SessionView]:
    """Every matching session, oldest first, uncounted (a calendar feed takes them all)."""
    where, arguments = _where(found_by)
    async with read_together():
        return await _matching(where, arguments)


async def _matching(
    where: str, arguments: list[Any], paging: str = "", page: Sequence[int] = ()
) -> list[SessionView]:
    rows = await Session.raw(
        f"SELECT {_COLUMNS} FROM sessions{where} ORDER BY created_at, id{paging}",
        *arguments,
        *page,
    )
    participants = await participants_by_session([row["id"] for row in rows])
    return [session_view(row, participants[row["id"]]) for row in rows]


def session_view(row: Row, participants: list[Row]) -> SessionView:
    agenda = row["agenda"]
    return SessionView(
        id=row["id"],
        kind=row["kind"],
        case_id=row["case"],
        title=row["title"],
        duration_minutes=row["duration_minutes"],
        locale=row["locale"],
        status=row["status"],
        sequence=row["sequence"],
        start=row["start_at"],
        end=row["end_at"],
        room_id=row["room_id"],
        cancel_reason=row["cancel_reason"],
        agenda=tuple(json.loads(agenda) if isinstance(agenda, str) else agenda or ()),
        participants=tuple(_participant_view(p) for p in participants if not p["removed"]),
        removed=tuple(_participant_view(p) for p in participants if p["removed"]),
        follow_up_of=row["follow_up_of"],
        minutes_sealed_at=row["minutes_sealed_at"],
        venue=_venue(row),
    )


def _venue(row: Row) -> Venue | None:
    if row["room_id"] is None or row["public_seats"] is None:
        return None
    return Venue(
        room_id=row["room_id"],
        name=row["room_name"],
        address=row["room_address"],
        timezone=row["room_timezone"],
        public_seats=row["public_seats"],
    )


def _participant_view(row: Row) -> SessionParticipantView:
    return SessionParticipantView(
        person_id=row["person"],
        role=row["role"],
        required=bool(row["required"]),
        partstat=row["partstat"],
    )
