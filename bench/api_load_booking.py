"""Many coordinators booking at once: throughput, and afterwards the proof nothing went wrong.

64 sessions share one mediator and one room; 32 clients book each of them into one of eight
sittings at the same moment. At most one session can win a sitting, so exactly eight bookings
succeed and 56 get 409. Afterwards the database must hold exactly the accepted bookings and no
two claims on one person or room that overlap.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from uuid import UUID

import httpx

from bench.slot_search_api_seed import SHANGHAI, insert_all, local
from core.db import database
from hearing.tables import Case, Session, SessionParticipant
from hearing.vocabulary import ParticipantRole, PartStat, SessionKind, SessionStatus
from parties.tables import Person
from scheduling.tables import Room

SESSIONS = 64
SITTINGS = (clock(9, 0), clock(10, 30), clock(13, 30), clock(15, 0))


@dataclass(frozen=True)
class Race:
    room_id: UUID
    session_ids: list[UUID]
    starts: list[datetime]


@dataclass(frozen=True)
class RaceResult:
    accepted: int
    refused_409: int
    other: dict[int, int]
    #: The body of the first answer that was neither a booking nor a 409, to say what it was.
    first_surprise: str | None
    seconds: float
    stored: int
    overlapping_claims: int


def weekdays_from(first: date, count: int) -> list[date]:
    days: list[date] = []
    day = first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


async def prepare(now: datetime) -> Race:
    """Sessions and a room no other booking touches, two weekdays past the seeded horizon."""
    room = Room(name="听证室 竞争", capacity=20, public_seats=0, timezone="Asia/Shanghai")
    mediator = Person(
        name="调解员 竞争", email="race-mediator@bench.example.cn", calendar_feed_token="race"
    )
    await insert_all(Room, [room])
    case = Case(reference="XF-RACE", title="竞争", registered_on=now.date(), created_at=now)
    await case.save()
    sessions = [
        Session(
            kind=SessionKind.MEDIATION.value,
            case=case.id,
            title=f"竞争 {index}",
            duration_minutes=90,
            status=SessionStatus.UNSCHEDULED.value,
            created_at=now,
        )
        for index in range(SESSIONS)
    ]
    await insert_all(Session, sessions)
    # Each session has its own two parties; only the mediator (and the room) is shared.
    parties = [
        Person(
            name=f"当事人 竞争 {i}", email=f"race{i}@bench.example.cn", calendar_feed_token=f"r{i}"
        )
        for i in range(2 * SESSIONS)
    ]
    await insert_all(Person, [mediator, *parties])
    roles = (ParticipantRole.MEDIATOR, ParticipantRole.PETITIONER, ParticipantRole.DEPARTMENT)
    await insert_all(
        SessionParticipant,
        [
            SessionParticipant(
                session=session.id,
                person=person.id,
                role=role.value,
                required=True,
                partstat=PartStat.NEEDS_ACTION.value,
            )
            for index, session in enumerate(sessions)
            for role, person in zip(
                roles, (mediator, *parties[2 * index : 2 * index + 2]), strict=True
            )
        ],
    )
    days = weekdays_from(now.astimezone(SHANGHAI).date() + timedelta(days=120), 2)
    starts = [local(day, sitting) for day in days for sitting in SITTINGS]
    return Race(UUID(str(room.id)), [UUID(str(s.id)) for s in sessions], starts)


async def run(base_url: str, token: str, race: Race, clients: int) -> RaceResult:
    limits = httpx.Limits(max_connections=clients)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base_url, limits=limits, headers=headers) as client:
        surprises: list[str] = []

        async def book(index: int, session_id: UUID) -> int:
            start = race.starts[index % len(race.starts)]
            response = await client.post(
                f"/api/v1/sessions/{session_id}/booking",
                json={"start": start.isoformat(), "room_id": str(race.room_id)},
                timeout=60,
            )
            if response.status_code not in (200, 201, 409):
                surprises.append(response.text)
            return response.status_code

        began = time.perf_counter()
        statuses = await asyncio.gather(*(book(i, s) for i, s in enumerate(race.session_ids)))
        seconds = time.perf_counter() - began
    accepted = sum(1 for status in statuses if 200 <= status < 300)
    other: dict[int, int] = {}
    for status in statuses:
        if not 200 <= status < 300 and status != 409:
            other[status] = other.get(status, 0) + 1
    stored = await Session.count().where(
        Session.id.is_in(race.session_ids) & (Session.status == SessionStatus.SCHEDULED.value)
    )
    return RaceResult(
        accepted=accepted,
        refused_409=statuses.count(409),
        other=other,
        first_surprise=surprises[0] if surprises else None,
        seconds=seconds,
        stored=stored,
        overlapping_claims=await overlapping_claims(),
    )


async def overlapping_claims() -> int:
    """Pairs of active claims on one person or room whose times overlap: must be none."""
    rows = await database().run_ddl(
        "SELECT count(*) AS pairs FROM booking_claims a JOIN booking_claims b "
        "ON a.resource_key = b.resource_key AND a.id < b.id AND a.active AND b.active "
        "AND a.start_at < b.end_at AND b.start_at < a.end_at"
    )
    return int(rows[0]["pairs"])
