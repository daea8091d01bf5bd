"""Busy time of people and rooms, read from the database as integer-microsecond spans.

Busy blocks and active booking claims come in two queries whatever the number of people or
rooms. The SQL returns each instant as whole microseconds since the epoch, so no datetime is
built per value: with 10,000 bookings a search reads thousands of claims of busy rooms.
Booking claims name their resource ``person:<id>`` or ``room:<id>`` (person_key, room_key).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from core.db import is_sqlite
from core.timezones import zone_for
from hearing.vocabulary import MAX_SESSION_MINUTES
from scheduling.intervals import Span, from_us
from scheduling.tables import Booking, BookingClaim, BusyBlock


def person_key(person_id: UUID | str) -> str:
    return f"person:{person_id}"


def room_key(room_id: UUID | str) -> str:
    return f"room:{room_id}"


@dataclass
class BusyTime:
    """Busy time per resource key, as integer-microsecond spans, and people's booked sessions
    per local date (for ``max_sessions_per_day``)."""

    spans: dict[str, list[Span]] = field(default_factory=dict)
    session_days: dict[str, Counter[date]] = field(default_factory=dict)

    def add(self, other: BusyTime) -> None:
        """Take in busy time loaded for a later, disjoint stretch of start times."""
        for key, spans in other.spans.items():
            self.spans.setdefault(key, []).extend(spans)
        for key, days in other.session_days.items():
            self.session_days.setdefault(key, Counter()).update(days)


def _instant_sql(column: str) -> str:
    """SQL reading a timestamp column as whole microseconds since the epoch.

    Python then handles plain integers: no datetime per value. SQLite stores Piccolo's
    timestamptz as UTC text, ``YYYY-MM-DD HH:MM:SS[.ffffff]+00:00``: whole seconds from
    strftime, the fraction (when present) read as digits.
    """
    if is_sqlite():
        return (
            f"(CAST(strftime('%s', {column}) AS INTEGER) * 1000000 + CASE "
            f"WHEN substr({column}, 20, 1) = '.' "
            f"THEN CAST(substr({column} || '000000', 21, 6) AS INTEGER) ELSE 0 END)"
        )
    return f"CAST(EXTRACT(EPOCH FROM {column}) * 1000000 AS BIGINT)"


def _placeholders(count: int) -> str:
    return ", ".join(["{}"] * max(count, 1))


@dataclass(frozen=True)
class BusyStretch:
    """Busy time ending after ``ends_after`` and starting before ``starts_before``; with
    ``starts_from``, only what starts at or after it, so that a later stretch can be loaded
    without counting a booking twice."""

    ends_after: datetime
    starts_before: datetime
    starts_from: datetime | None = None


def _blocks_sql(
    person_ids: Sequence[UUID], room_ids: Sequence[UUID], stretch: BusyStretch
) -> tuple[str, list[Any]]:
    # An empty IN () is not valid SQL: a nil id matches nothing instead.
    person_ids = list(person_ids) or [UUID(int=0)]
    room_ids = list(room_ids) or [UUID(int=0)]
    sql = (
        "SELECT COALESCE('person:' || person, 'room:' || room) AS owner, "
        f"{_instant_sql('start_at')} AS start_us, {_instant_sql('end_at')} AS end_us "
        f"FROM {BusyBlock._meta.tablename} WHERE (person IN ({_placeholders(len(person_ids))}) "
        f"OR room IN ({_placeholders(len(room_ids))})) AND start_at < {{}} AND end_at > {{}}"
    )
    args: list[Any] = [*person_ids, *room_ids, stretch.starts_before, stretch.ends_after]
    if stretch.starts_from is not None:
        sql += " AND start_at >= {}"
        args.append(stretch.starts_from)
    return sql, args


def _claims_sql(
    keys: list[str], stretch: BusyStretch, exclude_session: UUID | None, now: datetime | None
) -> tuple[str, list[Any]]:
    # No booking is longer than a session can be: this lower bound on start_at lets the
    # (resource_key, start_at, ...) index skip the past.
    earliest = stretch.ends_after - timedelta(minutes=MAX_SESSION_MINUTES)
    sql = (
        f"SELECT resource_key AS owner, {_instant_sql('start_at')} AS start_us, "
        f"{_instant_sql('end_at')} AS end_us FROM {BookingClaim._meta.tablename} "
        f"WHERE resource_key IN ({_placeholders(len(keys))}) AND active = {{}} "
        "AND start_at < {} AND start_at > {} AND end_at > {}"
    )
    args: list[Any] = [*keys, True, stretch.starts_before, earliest, stretch.ends_after]
    if stretch.starts_from is not None:
        sql += " AND start_at >= {}"
        args.append(stretch.starts_from)
    if exclude_session is not None:
        own = f"SELECT id FROM {Booking._meta.tablename} WHERE session = {{}}"
        sql += f" AND booking NOT IN ({own})"
        args.append(exclude_session)
    if now is not None:
        sql += " AND (expires_at IS NULL OR expires_at > {})"
        args.append(now)
    return sql, args


async def load_busy(
    person_zones: Mapping[UUID, str],
    room_ids: Sequence[UUID],
    stretch: BusyStretch,
    *,
    exclude_session: UUID | None,
    now: datetime | None,
) -> BusyTime:
    """The busy blocks and active booking claims in ``stretch`` of the people of
    ``person_zones`` (id to time zone) and of ``room_ids``: two queries. Claims of
    ``exclude_session``'s own bookings, and tentative holds that lapsed before ``now``, block
    nothing."""
    block_sql, block_args = _blocks_sql(list(person_zones), room_ids, stretch)
    blocks = await BusyBlock.raw(block_sql, *block_args)
    keys = [person_key(person) for person in person_zones] + [room_key(room) for room in room_ids]
    claim_sql, claim_args = _claims_sql(keys or ["-"], stretch, exclude_session, now)
    claims = await BookingClaim.raw(claim_sql, *claim_args)
    busy = BusyTime()
    spans = busy.spans
    for row in (*blocks, *claims):
        owner = row["owner"]
        if owner not in spans:
            spans[owner] = []
        spans[owner].append((row["start_us"], row["end_us"]))
    zones = {person_key(person): zone_for(zone) for person, zone in person_zones.items()}
    for row in claims:
        zone = zones.get(row["owner"])
        if zone is not None:
            day = from_us(row["start_us"]).astimezone(zone).date()
            busy.session_days.setdefault(row["owner"], Counter())[day] += 1
    return busy
