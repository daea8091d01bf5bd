"""Bookings as a write load: sessions that each book once into a sitting nobody else wants.

A pool is a set of groups; each group has its own mediator, petitioner, department and room, and
its sessions (mediations of 90 minutes) take its sittings one after another, four a weekday. wrk
books them through a Lua script that gives each of its threads its own share of the pool, so no
two requests ever ask for the same session or the same sitting: every booking should succeed,
and the load measures the write path, not refusals. Afterwards the database must hold exactly
the bookings answered 2xx (plus at most one in flight per connection when wrk stopped) and no
overlapping claims.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from bench.api_load_booking import SITTINGS, overlapping_claims, weekdays_from
from bench.load_tool import Load, parse_wrk, run_wrk
from bench.slot_search_api_seed import insert_all, local
from hearing.tables import Case, Session, SessionParticipant
from hearing.vocabulary import ParticipantRole, PartStat, SessionKind, SessionStatus
from parties.tables import Person
from scheduling.tables import Room

#: The roles of each group's people, in the order ``PoolBooking.people`` lists them.
ROLES = (ParticipantRole.MEDIATOR, ParticipantRole.PETITIONER, ParticipantRole.DEPARTMENT)
SITTINGS_PER_GROUP = 160
THREADS = 2


@dataclass(frozen=True)
class PoolBooking:
    session_id: UUID
    room_id: UUID
    start: datetime
    #: In the order of ROLES.
    people: tuple[UUID, UUID, UUID]

    def path(self) -> str:
        return f"/api/v1/sessions/{self.session_id}/booking"

    def body(self) -> str:
        return json.dumps({"start": self.start.isoformat(), "room_id": str(self.room_id)})


@dataclass(frozen=True)
class PoolCheck:
    accepted: int
    stored: int
    accepted_not_stored: int
    overlapping_claims: int

    def wrong(self, connections: int) -> bool:
        in_flight = self.stored - (self.accepted - self.accepted_not_stored)
        return bool(self.accepted_not_stored or self.overlapping_claims or in_flight > connections)


async def prepare_pool(label: str, size: int, now: datetime, first_day: date) -> list[PoolBooking]:
    """``size`` unscheduled sessions in groups of SITTINGS_PER_GROUP, each with its sitting."""
    groups = -(-size // SITTINGS_PER_GROUP)
    case = Case(
        reference=f"XF-LOAD-{label}",
        title=f"负载 {label}",
        registered_on=now.date(),
        created_at=now,
    )
    await case.save()
    rooms = [
        Room(name=f"负载 {label} {g}", capacity=20, public_seats=0, timezone="Asia/Shanghai")
        for g in range(groups)
    ]
    people = [
        Person(
            name=f"负载 {label} {g} {role.value}",
            email=f"load-{label}-{g}-{role.value}@bench.example.cn",
            calendar_feed_token=f"load-{label}-{g}-{role.value}",
        )
        for g in range(groups)
        for role in ROLES
    ]
    await insert_all(Room, rooms)
    await insert_all(Person, people)
    days = weekdays_from(first_day, -(-SITTINGS_PER_GROUP // len(SITTINGS)))
    starts = [local(day, sitting) for day in days for sitting in SITTINGS]
    sessions: list[Session] = []
    participants: list[SessionParticipant] = []
    pool: list[PoolBooking] = []
    for index in range(size):
        group, sitting = divmod(index, SITTINGS_PER_GROUP)
        session = Session(
            kind=SessionKind.MEDIATION.value,
            case=case.id,
            title=f"负载 {label} {index}",
            duration_minutes=90,
            status=SessionStatus.UNSCHEDULED.value,
            created_at=now,
        )
        sessions.append(session)
        members = people[len(ROLES) * group : len(ROLES) * (group + 1)]
        participants += [
            SessionParticipant(
                session=session.id,
                person=person.id,
                role=role.value,
                required=True,
                partstat=PartStat.NEEDS_ACTION.value,
            )
            for role, person in zip(ROLES, members, strict=True)
        ]
        pool.append(
            PoolBooking(
                session_id=UUID(str(session.id)),
                room_id=UUID(str(rooms[group].id)),
                start=starts[sitting],
                people=(
                    UUID(str(members[0].id)),
                    UUID(str(members[1].id)),
                    UUID(str(members[2].id)),
                ),
            )
        )
    await insert_all(Session, sessions)
    await insert_all(SessionParticipant, participants)
    return pool


def lua_script(pool: list[PoolBooking], token: str) -> str:
    """wrk's script: thread k books entries k, k + THREADS, ... and reports the sessions
    answered 2xx (read from the answer's first "id") when the run is done."""
    entries = ",\n".join(
        f"{{{json.dumps(booking.path())}, {json.dumps(booking.body())}}}" for booking in pool
    )
    return f"""
local bookings = {{
{entries}
}}
local threads = {{}}
local made = 0
function setup(thread)
  thread:set("first", made)
  made = made + 1
  table.insert(threads, thread)
end
function init(args)
  position = first + 1
  accepted = {{}}
  accepted_count = 0
  headers = {{["Content-Type"] = "application/json", ["Authorization"] = "Bearer {token}"}}
end
function request()
  local entry = bookings[position]
  if entry == nil then entry = bookings[first + 1] end
  position = position + {THREADS}
  return wrk.format("POST", entry[1], headers, entry[2])
end
function response(status, headers, body)
  if status >= 200 and status < 300 then
    accepted_count = accepted_count + 1
    accepted[accepted_count] = string.match(body, '"id":"([0-9a-f-]+)"')
  end
end
function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    local ids = thread:get("accepted")
    for _, id in ipairs(ids) do io.write("accepted ", id, "\\n") end
  end
end
"""


def book_under_load(
    label: str, base_url: str, pool: list[PoolBooking], token: str, connections: int, seconds: int
) -> tuple[Load, set[UUID]]:
    output = run_wrk(
        f"{base_url}/",
        lua_script(pool, token),
        connections=connections,
        seconds=seconds,
        threads=THREADS,
    )
    accepted = {UUID(found) for found in re.findall(r"^accepted (\S+)$", output, re.MULTILINE)}
    return parse_wrk(label, output), accepted


async def check_pool(pool: list[PoolBooking], accepted: set[UUID]) -> PoolCheck:
    ids = [booking.session_id for booking in pool]
    stored_rows = await Session.select(Session.id).where(
        Session.id.is_in(ids) & (Session.status == SessionStatus.SCHEDULED.value)
    )
    stored = {UUID(str(row["id"])) for row in stored_rows}
    return PoolCheck(
        accepted=len(accepted),
        stored=len(stored),
        accepted_not_stored=len(accepted - stored),
        overlapping_claims=await overlapping_claims(),
    )
