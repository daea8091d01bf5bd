"""The migration that gives sessions booked before the room copy existed their room."""

from __future__ import annotations

import importlib
from datetime import timedelta

from hearing.public import service as public
from hearing.sessions import service as hearing
from hearing.tables import Session
from tests.support.builders import booked_public_hearing

MIGRATION = importlib.import_module(
    "scheduling.piccolo_migrations.scheduling_2026_12_01t22_30_00_000000"
)


async def test_a_hearing_booked_before_the_copy_gets_its_room_and_its_notice_back(db) -> None:
    session, start = await booked_public_hearing("vb1", public_seats=3)
    await Session.update(
        {
            Session.room_name: None,
            Session.room_address: None,
            Session.room_timezone: None,
            Session.public_seats: None,
        }
    ).where(Session.id == session.id)
    assert (await hearing.get_session(session.id)).venue is None

    await MIGRATION.copy_booked_rooms()

    venue = (await hearing.get_session(session.id)).venue
    assert venue is not None
    assert (venue.name, venue.address, venue.public_seats) == ("听证室 vb1", "人民路1号", 3)
    notice = await public.notice_of(session.id)
    assert notice.seats_left == 3
    seated = await public.register_observer(session.id, "甲", "a@x.cn", start - timedelta(days=1))
    assert seated.status == "confirmed"
