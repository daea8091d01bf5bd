"""Use case: search the slots a session can take."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from uuid import UUID

from core.db import read_together
from core.errors import RuleViolation
from hearing.jurisdictions.rules import JurisdictionRules
from hearing.jurisdictions.service import jurisdiction_of_case
from hearing.sessions import service as hearing
from hearing.sessions.composition import earliest_start
from hearing.sessions.views import SessionParticipantView, SessionView
from hearing.vocabulary import ParticipantRole, SessionStatus
from scheduling.availability.busy_time import BusyStretch, BusyTime, load_busy
from scheduling.availability.service import (
    BUSY_MARGIN,
    Owners,
    assemble_availability,
    load_owners,
)
from scheduling.rooms.service import RoomView
from scheduling.slots.query import Attendee, Room, SlotQuery, SlotSearchResult
from scheduling.slots.search import NEAREST_HORIZON, find_common_slots, nearest_slot_outside


def head_counts(session: SessionView) -> tuple[int, int]:
    """Seats needed: (participants, observers)."""
    observers = sum(1 for p in session.participants if p.role == ParticipantRole.OBSERVER)
    return len(session.participants) - observers, observers


def required_people(session: SessionView) -> list[UUID]:
    """Those who must be free, and whose time a booking holds: required participants.
    Optional participants may miss it; observers only take seats."""
    return [
        p.person_id
        for p in session.participants
        if p.required and p.role != ParticipantRole.OBSERVER
    ]


@dataclass(frozen=True)
class SearchOptions:
    """What a coordinator may tune per search; the defaults are the jurisdiction's."""

    limit: int = 20
    grid: timedelta = timedelta(minutes=15)
    buffer_before: timedelta = timedelta(0)
    buffer_after: timedelta = timedelta(0)
    required_features: frozenset[str] = frozenset()
    max_sessions_per_day: int | None = None


def slot_query_for(
    session: SessionView,
    not_before: datetime,
    not_after: datetime,
    now: datetime,
    rules: JurisdictionRules,
    options: SearchOptions = SearchOptions(),
) -> SlotQuery:
    participants, observers = head_counts(session)
    return SlotQuery(
        duration=timedelta(minutes=session.duration_minutes),
        not_before=not_before,
        not_after=not_after,
        now=now,
        notice=max(earliest_start(session.kind, now, rules) - now, timedelta(0)),
        grid=options.grid,
        buffer_before=options.buffer_before,
        buffer_after=options.buffer_after,
        head_count=participants,
        observer_seats=observers,
        required_features=options.required_features,
        max_sessions_per_day=options.max_sessions_per_day,
        limit=options.limit,
    )


def engine_inputs(
    owners: Owners,
    busy: BusyTime,
    searchable: Sequence[SessionParticipantView],
    holidays: Iterable[date],
) -> tuple[list[Attendee], list[Room]]:
    """The slot engine's attendees and rooms: each one's free time from its loaded hours and
    busy time (pure; also the bench's bare endpoint's work)."""
    loaded = assemble_availability(owners, busy, holidays)
    attendees = [
        Attendee(availability=loaded.people[p.person_id], required=p.required)
        for p in searchable
        if p.person_id in loaded.people
    ]
    return attendees, list(loaded.rooms.values())


async def search_slots(
    session_id: UUID,
    not_before: datetime,
    not_after: datetime,
    now: datetime,
    options: SearchOptions = SearchOptions(),
) -> SlotSearchResult:
    """Slots for a session in ``[not_before, not_after)``; a fixed number of queries whatever
    the number of participants or bookings (two more when the window holds no slot)."""
    if not_after <= not_before:
        raise RuleViolation(
            "not_after must be later than not_before", code="invalid_window", field="not_after"
        )
    async with read_together():
        session = await hearing.get_session(session_id)
        if session.status == SessionStatus.CANCELLED:
            raise RuleViolation("the session is cancelled", code="session_cancelled", field="id")
        jurisdiction = await jurisdiction_of_case(session.case_id)
        query = slot_query_for(session, not_before, not_after, now, jurisdiction.rules, options)
        searchable = [p for p in session.participants if p.role != ParticipantRole.OBSERVER]

        def room_fits(room: RoomView) -> bool:
            return query.fits(room.capacity, room.public_seats, frozenset(room.features))

        holidays = jurisdiction.holidays
        owners = await load_owners([p.person_id for p in searchable], None, room_fits, holidays)
        stretch = BusyStretch(not_before - BUSY_MARGIN, not_after + BUSY_MARGIN)
        busy = await load_busy(
            owners.person_zones, owners.room_ids, stretch, exclude_session=session_id, now=now
        )
    result = find_common_slots(
        query, *engine_inputs(owners, busy, searchable, holidays), nearest=False
    )
    if result.slots:
        return result
    # Busy time beyond the window matters only for "the nearest slot outside it", which the
    # engine looks for when the window holds none: load that stretch only then.
    beyond = replace(
        stretch,
        starts_from=stretch.starts_before,
        starts_before=not_after + NEAREST_HORIZON + BUSY_MARGIN,
    )
    async with read_together():
        later = await load_busy(
            owners.person_zones, owners.room_ids, beyond, exclude_session=session_id, now=now
        )
    busy.add(later)
    nearest = nearest_slot_outside(query, *engine_inputs(owners, busy, searchable, holidays))
    return replace(result, nearest_outside=nearest)
