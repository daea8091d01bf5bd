"""Slot search through the service, on a real database: busy time, bookings, options."""

from __future__ import annotations

from datetime import UTC, timedelta

from core.access import Role
from core.settings import get_settings
from hearing.jurisdictions import service as jurisdictions
from scheduling.availability import service as availability
from scheduling.booking import service as booking_service
from scheduling.intervals import Interval
from scheduling.slots import service as scheduling
from scheduling.slots.service import SearchOptions
from tests.support.api_builders import slot_search
from tests.support.builders import make_room, mediation_session
from tests.support.flow import next_weekday_at
from tests.support.viewers import viewer


async def test_busy_time_and_buffers_push_the_first_slot_later(db) -> None:
    session, mediator = await mediation_session("a")
    await make_room("A")
    day = next_weekday_at(9)
    await availability.add_busy_block("person", mediator, day, day + timedelta(hours=1), "court")
    window = (day, day + timedelta(hours=8))

    plain = await scheduling.search_slots(session.id, *window, day - timedelta(days=10))
    assert plain.slots[0].start == day + timedelta(hours=1)

    buffered = await scheduling.search_slots(
        session.id,
        *window,
        day - timedelta(days=10),
        SearchOptions(buffer_before=timedelta(minutes=30)),
    )
    assert buffered.slots[0].start == day + timedelta(hours=1, minutes=30)


async def test_required_features_choose_the_equippedmake_room(db) -> None:
    session, _ = await mediation_session("b")
    await make_room("A plain room")
    equipped = await make_room("B with recording", ["recording"])
    day = next_weekday_at(9)
    found = await scheduling.search_slots(
        session.id,
        day,
        day + timedelta(hours=4),
        day - timedelta(days=10),
        SearchOptions(required_features=frozenset({"recording"})),
    )
    assert found.slots
    assert {slot.room_id for slot in found.slots} == {str(equipped)}


async def test_jurisdiction_holiday_closes_the_day(db) -> None:
    session, _ = await mediation_session("c")
    await make_room("A")
    day = next_weekday_at(9)
    window = (session.id, day, day + timedelta(days=1), day - timedelta(days=10))
    assert (await scheduling.search_slots(*window)).slots
    await jurisdictions.ensure_default_jurisdiction(get_settings(), day - timedelta(days=10))
    default = await jurisdictions.get_jurisdiction(None)
    await jurisdictions.update_jurisdiction(
        viewer(Role.ADMIN), default.id, {"holidays": [day.date()]}
    )
    found = await scheduling.search_slots(*window)
    assert found.slots == ()
    assert found.reason


async def test_a_booked_session_blocks_its_people_and_counts_towards_the_daily_maximum(db) -> None:
    first, mediator = await mediation_session("d")
    second, _ = await mediation_session("e", mediator=mediator)
    room = await make_room("A")
    await make_room("B")
    day = next_weekday_at(9)
    now = day - timedelta(days=10)
    await booking_service.book_session(first.id, day, room, now)

    found = await scheduling.search_slots(second.id, day, day + timedelta(hours=3), now)
    assert found.slots[0].start == day + timedelta(hours=1)

    capped = await scheduling.search_slots(
        second.id, day, day + timedelta(days=7), now, SearchOptions(max_sessions_per_day=1)
    )
    assert capped.slots[0].start.date() > day.date()


async def test_slot_search_api_accepts_the_options(client, coordinator) -> None:
    session, _ = await mediation_session("f")
    await make_room("A")
    day = next_weekday_at(9)
    slots = await slot_search(
        client, coordinator, session.id, day, day + timedelta(hours=8), grid_minutes=60, limit=3
    )
    starts = [slot["start"] for slot in slots]
    assert len(starts) == 3
    assert all(start.endswith(":00:00Z") for start in starts)


async def test_busy_time_is_loaded_to_the_microsecond(db) -> None:
    session, mediator = await mediation_session("g")
    room = await make_room("A")
    day = next_weekday_at(9)
    start = day + timedelta(hours=1, microseconds=250_000)
    end = day + timedelta(hours=2, seconds=7, microseconds=1)
    await availability.add_busy_block("person", mediator, start, end, "odd times")
    await availability.add_busy_block("room", room, day, day + timedelta(minutes=1), "cleaning")
    await booking_service.book_session(
        session.id, day + timedelta(hours=5), room, day - timedelta(days=10)
    )

    loaded = await availability.load_availability(
        [mediator], Interval(day, day + timedelta(hours=8)), room_ids=[room]
    )

    booked = Interval(day + timedelta(hours=5), day + timedelta(hours=6)).span
    assert loaded.people[mediator].busy_spans == [Interval(start, end).span, booked]
    assert loaded.people[mediator].session_days == {day.date(): 1}
    assert loaded.rooms[room].availability.busy_spans == [
        Interval(day, day + timedelta(minutes=1)).span,
        booked,
    ]


async def test_the_nearest_slot_after_an_empty_window_sees_busy_time_and_bookings_there(
    db,
) -> None:
    session, mediator = await mediation_session("h")
    other, _ = await mediation_session("i", mediator=mediator)
    room = await make_room("A")
    day = next_weekday_at(9)
    while day.weekday() > 1:  # four weekdays in a row from ``day``
        day += timedelta(days=1)
    now = day - timedelta(days=10)
    for offset in (0, 1):
        busy_day = day + timedelta(days=offset)
        await availability.add_busy_block(
            "person", mediator, busy_day, busy_day + timedelta(hours=9), "away"
        )
    third_day = day + timedelta(days=2)
    await booking_service.book_session(other.id, third_day, room, now)
    window = (day, day + timedelta(hours=8))

    found = await scheduling.search_slots(session.id, *window, now)
    capped = await scheduling.search_slots(
        session.id, *window, now, SearchOptions(max_sessions_per_day=1)
    )

    assert found.slots == () and found.reason
    assert found.nearest_outside is not None
    assert found.nearest_outside.start == third_day + timedelta(hours=1)
    assert capped.nearest_outside is not None
    assert capped.nearest_outside.start == day + timedelta(days=3)


async def test_slot_search_api_reports_the_fragmentation_of_each_slot(client, coordinator) -> None:
    session, mediator = await mediation_session("j")
    await make_room("A")
    day = next_weekday_at(9)
    half_past_ten = day + timedelta(hours=1, minutes=30)
    await availability.add_busy_block(
        "person", mediator, half_past_ten, half_past_ten + timedelta(minutes=30), "call"
    )
    slots = await slot_search(
        client, coordinator, session.id, day, day + timedelta(hours=8), grid_minutes=60, limit=3
    )
    found = [(slot["start"], slot["fragmentation"]) for slot in slots]

    # 09:00 strands the mediator's 10:00-10:30; 11:00 fits between the call and lunch; 14:00
    # (the hourly grid) strands 13:30-14:00 for the three people and the room.
    def wire(hours: int) -> str:
        return (day + timedelta(hours=hours)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    assert found == [(wire(0), 1), (wire(2), 0), (wire(5), 4)]
