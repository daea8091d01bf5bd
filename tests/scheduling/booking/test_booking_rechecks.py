"""Booking and rescheduling check the composition rules again on today's facts, and refuse a
session whose minutes are sealed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from core.db import write_transaction
from core.errors import Conflict, RuleViolation
from hearing.cases import service as cases
from hearing.sessions import service as hearing
from hearing.sessions.views import SessionView
from parties.people import service as parties
from scheduling.booking import service as booking_service
from scheduling.rooms import service as rooms
from tests.support.builders import public_hearing_session
from tests.support.flow import next_weekday_at

START = next_weekday_at(10)
NOW = START - timedelta(days=10)


async def hearing_room(suffix: str) -> UUID:
    room = await rooms.create_room(
        {"name": f"听证室 {suffix}", "capacity": 12, "timezone": "Asia/Shanghai"}
    )
    return UUID(str(room.id))


def first(session: SessionView, role: str) -> UUID:
    return next(p.person_id for p in session.participants if p.role == role)


async def refused_booking(session: SessionView, room_id: UUID) -> str:
    with pytest.raises(RuleViolation) as caught:
        await booking_service.book_session(session.id, START, room_id, NOW)
    return caught.value.code


async def test_a_case_marked_secret_after_composing_cannot_be_heard_in_public(db) -> None:
    session = await public_hearing_session("b1")
    await cases.update_case(session.case_id, {"confidentiality": "state_secret"})
    assert await refused_booking(session, await hearing_room("b1")) == "closed_session_required"


async def test_a_conflict_declared_after_composing_stops_the_booking(db) -> None:
    session = await public_hearing_session("b2")
    await parties.declare_conflict(
        first(session, "hearing_officer"),
        session.case_id,
        "亲属",
        datetime.now(UTC),
        cases.case_exists,
    )
    assert await refused_booking(session, await hearing_room("b2")) == (
        "panel_conflict_of_interest"
    )


async def test_a_hold_is_refused_the_same_way(db) -> None:
    session = await public_hearing_session("b3")
    await parties.declare_conflict(
        first(session, "presiding_officer"),
        session.case_id,
        "同事",
        datetime.now(UTC),
        cases.case_exists,
    )
    with pytest.raises(RuleViolation) as caught:
        await booking_service.hold_session(
            session.id, START, await hearing_room("b3"), NOW, timedelta(hours=1)
        )
    assert caught.value.code == "panel_conflict_of_interest"


async def test_a_new_investigator_presiding_stops_the_reschedule(db) -> None:
    session = await public_hearing_session("b4")
    room = await hearing_room("b4")
    await booking_service.book_session(session.id, START, room, NOW)
    await cases.update_case(
        session.case_id, {"investigator_id": first(session, "presiding_officer")}
    )
    with pytest.raises(RuleViolation) as caught:
        await booking_service.reschedule_session(
            session.id, START + timedelta(days=1), room, "改期", NOW
        )
    assert caught.value.code == "presiding_officer_is_investigator"


async def test_a_session_with_sealed_minutes_is_not_booked_or_held(db) -> None:
    session = await public_hearing_session("b5")
    async with write_transaction():
        await hearing.freeze_session(session.id, NOW)
    room = await hearing_room("b5")
    for attempt in (
        booking_service.book_session(session.id, START, room, NOW),
        booking_service.hold_session(session.id, START, room, NOW, timedelta(hours=1)),
    ):
        with pytest.raises(Conflict) as caught:
            await attempt
        assert caught.value.code == "minutes_sealed"


async def test_an_unchanged_session_books_as_before(db) -> None:
    session = await public_hearing_session("b6")
    booked = await booking_service.book_session(session.id, START, await hearing_room("b6"), NOW)
    assert booked.status == "scheduled"
