"""Tentative holds block a slot until they lapse or are confirmed; cancelled bookings free it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.errors import Conflict, RuleViolation
from hearing.sessions import service as hearing
from scheduling.booking import service as booking_service
from scheduling.invitations import service as invitation_service
from scheduling.slots import service as scheduling
from tests.support.builders import make_room, mediation_session
from tests.support.flow import next_weekday_at
from tests.support.viewers import COORDINATOR

HOLD = timedelta(minutes=60)


async def test_a_hold_blocks_the_slot_for_other_sessions(db) -> None:
    held, mediator = await mediation_session("h1")
    other, _ = await mediation_session("h2", mediator=mediator)
    room = await make_room("A")
    start = next_weekday_at(10)
    now = start - timedelta(days=10)

    session = await booking_service.hold_session(held.id, start, room, now, HOLD)
    assert session.status == "on_hold"
    with pytest.raises(Conflict) as refused:
        await booking_service.book_session(other.id, start, room, now + timedelta(minutes=5))
    assert refused.value.code == "slot_taken"
    found = await scheduling.search_slots(other.id, start, start + timedelta(hours=2), now)
    assert start not in {slot.start for slot in found.slots}


async def test_a_lapsed_hold_frees_the_slot_and_its_session_waits_again(db) -> None:
    held, mediator = await mediation_session("h3")
    other, _ = await mediation_session("h4", mediator=mediator)
    room = await make_room("A")
    start = next_weekday_at(10)
    now = start - timedelta(days=10)
    await booking_service.hold_session(held.id, start, room, now, HOLD)

    later = now + HOLD + timedelta(minutes=1)
    found = await scheduling.search_slots(other.id, start, start + timedelta(hours=2), later)
    assert found.slots[0].start == start
    booked = await booking_service.book_session(other.id, start, room, later)
    assert booked.status == "scheduled"
    lapsed = await hearing.get_session(held.id)
    assert lapsed.status == "unscheduled"
    assert lapsed.start is None


async def test_booking_a_held_session_confirms_it_and_only_then_it_gets_invitations(db) -> None:
    held, _ = await mediation_session("h5")
    room = await make_room("A")
    start = next_weekday_at(10)
    now = start - timedelta(days=10)
    session = await booking_service.hold_session(held.id, start, room, now, HOLD)
    person = session.participants[0].person_id
    with pytest.raises(RuleViolation):
        await invitation_service.invitation_for(COORDINATOR, held.id, person, now)

    confirmed = await booking_service.book_session(held.id, start, room, now + timedelta(minutes=5))
    assert confirmed.status == "scheduled"
    assert "METHOD:REQUEST" in await invitation_service.invitation_for(
        COORDINATOR, held.id, person, now
    )


async def test_a_cancelled_booking_frees_the_slot(db) -> None:
    first, mediator = await mediation_session("h6")
    second, _ = await mediation_session("h7", mediator=mediator)
    room = await make_room("A")
    start = next_weekday_at(10)
    now = start - timedelta(days=10)
    await booking_service.book_session(first.id, start, room, now)
    await booking_service.cancel_session(first.id, "petitioner withdrew", now)
    booked = await booking_service.book_session(second.id, start, room, now)
    assert booked.start == start
