"""Slot search on worked cases: working hours, attendees, rooms, daylight saving, validation."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from core.errors import RuleViolation
from scheduling.availability.free_time import Availability, WorkingHours, office_hours
from scheduling.intervals import Interval
from scheduling.slots.query import Attendee, Room, Slot, SlotQuery, SlotSearchResult
from scheduling.slots.search import find_common_slots

MONDAY = date(2027, 3, 1)
MIN = timedelta(minutes=1)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def at(hour: int, minute: int = 0, day: date = MONDAY) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def person(
    name: str,
    zone: str = "UTC",
    busy: tuple[tuple[datetime, datetime], ...] = (),
    hours: WorkingHours | None = None,
    **extra: Any,
) -> Availability:
    blocks = tuple(Interval(start, end) for start, end in busy)
    return Availability(name, hours or office_hours(zone), blocks, **extra)


def query(
    minutes: int = 60,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    **extra: Any,
) -> SlotQuery:
    return SlotQuery(
        duration=timedelta(minutes=minutes),
        not_before=not_before or at(0),
        not_after=not_after or at(0) + timedelta(days=1),
        now=extra.pop("now", utc(2027, 1, 1)),
        **extra,
    )


def search(
    q: SlotQuery,
    *people: Availability,
    optional: tuple[Availability, ...] = (),
    rooms: list[Room] | None = None,
) -> SlotSearchResult:
    attendees = [Attendee(p) for p in people] + [Attendee(p, required=False) for p in optional]
    return find_common_slots(q, attendees, rooms)


def starts(result: SlotSearchResult) -> list[datetime]:
    return [slot.start for slot in result.slots]


def every(first: datetime, last: datetime, step: int = 15) -> list[datetime]:
    """Grid starts from ``first`` to ``last`` inclusive."""
    count = (last - first) // timedelta(minutes=step)
    return [first + i * timedelta(minutes=step) for i in range(count + 1)]


# Working hours -------------------------------------------------------------------------


def test_slots_respect_the_lunch_break_and_the_end_of_the_day() -> None:
    result = search(query(60, limit=100), person("zhang"))
    assert starts(result) == every(at(9), at(11)) + every(at(13, 30), at(16, 30))
    assert all(slot.end - slot.start == timedelta(hours=1) for slot in result.slots)


def test_a_slot_may_touch_busy_time_on_either_side() -> None:
    zhang = person("zhang", busy=((at(10), at(11)),))
    morning = starts(search(query(60, not_after=at(12)), zhang))
    assert morning == [at(9), at(11)]


def test_buffers_keep_busy_time_away_but_may_leave_working_hours() -> None:
    zhang = person("zhang", busy=((at(10), at(11)),))
    q = query(
        60,
        not_after=at(12),
        buffer_before=timedelta(minutes=15),
        buffer_after=timedelta(minutes=15),
    )
    # 09:00 would end at 10:00 and its after-buffer runs into the meeting; 11:00 likewise.
    assert starts(search(q, zhang)) == []
    q = query(30, not_after=at(12), buffer_before=timedelta(minutes=30))
    assert starts(search(q, person("li")))[0] == at(9)


def test_starts_lie_on_the_grid_counted_from_the_utc_epoch() -> None:
    q = query(60, not_before=at(9, 7), not_after=at(12), grid=timedelta(minutes=30))
    assert starts(search(q, person("zhang"))) == [at(9, 30), at(10), at(10, 30), at(11)]
    # In Kolkata (UTC+05:30) the working day starts at 03:30 UTC: an hourly grid skips it.
    kolkata = starts(search(query(60, grid=timedelta(hours=1)), person("rao", "Asia/Kolkata")))
    assert kolkata[0] == at(4)


def test_notice_moves_the_earliest_start() -> None:
    q = query(60, now=at(9, 50), notice=timedelta(minutes=30))
    assert starts(search(q, person("zhang")))[0] == at(10, 30)


def test_notice_is_elapsed_time_even_across_a_clock_change() -> None:
    saturday_in_berlin = datetime(2027, 3, 27, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    sunday = date(2027, 3, 28)
    always = person("weber", hours=WorkingHours("UTC", {6: ((time(0), time(23, 59)),)}))
    q = query(
        60, at(0, day=sunday), at(23, day=sunday), now=saturday_in_berlin, notice=timedelta(days=1)
    )
    assert starts(search(q, always))[0] == at(9, day=sunday)  # 24 real hours after 09:00 UTC


def test_notice_that_pushes_past_the_window_is_the_reason() -> None:
    q = query(60, not_after=at(12), now=at(9), notice=timedelta(days=7))
    result = search(q, person("zhang"))
    assert result.slots == ()
    assert result.reason is not None and "notice" in result.reason
    assert result.blocking == ()


# Attendees ------------------------------------------------------------------------------


def test_optional_attendees_who_cannot_come_are_listed_sorted() -> None:
    zhao = person("zhao", busy=((at(9), at(10)),))
    qian = person("qian", busy=((at(9), at(9, 30)),))
    result = search(query(60, not_after=at(12)), person("zhang"), optional=(zhao, qian))
    assert result.slots[0] == Slot(at(9), at(10), None, ("qian", "zhao"))
    by_start = {slot.start: slot.missing_optional for slot in result.slots}
    assert by_start[at(9, 30)] == ("zhao",)
    assert by_start[at(10)] == ()


def test_people_in_shanghai_and_london_meet_in_the_overlap_of_their_days() -> None:
    shanghai, london = person("chen", "Asia/Shanghai"), person("smith", "Europe/London")
    winter = search(query(30, limit=100), shanghai, london)
    assert starts(winter) == [at(9)]  # Shanghai closes at 09:30 UTC, London opens at 09:00 GMT
    summer_day = date(2027, 3, 29)
    summer = search(query(60, at(0, day=summer_day), at(23, day=summer_day)), shanghai, london)
    assert starts(summer) == every(at(8, day=summer_day), at(8, 30, day=summer_day))


def test_a_day_at_the_session_limit_is_skipped() -> None:
    busy_monday = {MONDAY: 2}
    two_days = query(60, not_after=at(0) + timedelta(days=2), max_sessions_per_day=2, limit=100)
    required = search(two_days, person("zhang", session_days=busy_monday))
    assert {slot.start.date() for slot in required.slots} == {date(2027, 3, 2)}
    optional = search(two_days, person("li"), optional=(person("zhang", session_days=busy_monday),))
    assert all(s.missing_optional == ("zhang",) for s in optional.slots if s.start.date() == MONDAY)
    assert any(s.start.date() == MONDAY for s in optional.slots)


def test_no_slot_names_the_person_without_free_time_and_offers_the_next_one() -> None:
    on_leave = WorkingHours("UTC", office_hours("UTC").weekly, {MONDAY: ()})
    result = search(query(60), person("zhang"), person("wang", hours=on_leave))
    assert result.slots == ()
    assert result.blocking == ("wang",)
    assert result.reason is not None and "wang" in result.reason
    assert result.nearest_outside == Slot(
        at(9, day=date(2027, 3, 2)), at(10, day=date(2027, 3, 2)), None, ()
    )


def test_limit_caps_the_number_of_distinct_starts() -> None:
    result = search(query(30, not_after=at(0) + timedelta(days=5), limit=7), person("zhang"))
    assert len(result.slots) == 7
    assert len(set(starts(result))) == 7
    assert starts(result) == sorted(starts(result))


# Rooms ----------------------------------------------------------------------------------


def room(
    name: str, capacity: int, busy: tuple[tuple[datetime, datetime], ...] = (), **extra: Any
) -> Room:
    return Room(person(name, busy=busy), capacity, **extra)


def test_the_smallest_fitting_free_room_is_chosen() -> None:
    rooms = [room("hall", 40), room("small", 4), room("medium", 10, busy=((at(9), at(10)),))]
    result = search(query(60, not_after=at(12), head_count=6), person("zhang"), rooms=rooms)
    by_start = {slot.start: slot.room_id for slot in result.slots}
    assert by_start[at(9)] == "hall"
    assert by_start[at(10)] == "medium"


def test_rooms_must_have_the_features_and_public_seats_asked_for() -> None:
    rooms = [
        room("plain", 10, public_seats=20),
        room("av", 30, features=frozenset({"video"})),
        room("av-gallery", 50, public_seats=20, features=frozenset({"video", "recording"})),
    ]
    q = query(60, not_after=at(12), required_features=frozenset({"video"}), observer_seats=10)
    assert {s.room_id for s in search(q, person("zhang"), rooms=rooms).slots} == {"av-gallery"}


def test_no_suitable_room_means_no_slot_and_says_so() -> None:
    tiny = search(query(60, head_count=30), person("zhang"), rooms=[room("small", 4)])
    assert tiny.slots == () and tiny.blocking == ("rooms",)
    assert tiny.reason is not None and "room" in tiny.reason
    booked = search(query(60), person("zhang"), rooms=[room("small", 4, busy=((at(0), at(23)),))])
    assert booked.blocking == ("rooms",) and "small" in (booked.reason or "")
    none_offered = search(query(60), person("zhang"), rooms=[])
    assert none_offered.slots == () and "room" in (none_offered.reason or "")
    assert search(query(60), person("zhang"), rooms=None).slots[0].room_id is None


# Daylight saving ------------------------------------------------------------------------


def test_a_slot_never_spans_the_spring_gap_in_berlin() -> None:
    sunday = date(2027, 3, 28)
    early = WorkingHours("Europe/Berlin", {6: ((time(1), time(5)),)})
    q = query(120, at(0, day=sunday) - timedelta(hours=2), at(12, day=sunday), limit=100)
    # Four hours on the clock are three real hours (00:00-03:00 UTC).
    assert starts(search(q, person("weber", hours=early))) == every(
        at(0, day=sunday), at(1, day=sunday)
    )


def test_new_york_and_berlin_on_the_us_change_day() -> None:
    sunday = date(2027, 3, 14)
    weekend = {6: ((time(9), time(17)),)}
    ny = person("jones", hours=WorkingHours("America/New_York", weekend))
    berlin = person("weber", hours=WorkingHours("Europe/Berlin", weekend))
    result = search(query(60, at(0, day=sunday), at(23, day=sunday), limit=100), ny, berlin)
    # New York opens 09:00 EDT = 13:00 UTC; Berlin (still CET) closes 17:00 = 16:00 UTC.
    assert starts(result) == every(at(13, day=sunday), at(15, day=sunday))


def test_fall_back_night_counts_the_repeated_hour_once_per_occurrence() -> None:
    sunday = date(2027, 11, 7)
    night = WorkingHours("America/New_York", {6: ((time(0, 30), time(3)),)})
    q = query(210, at(0, day=sunday), at(12, day=sunday))
    # 00:30 EDT = 04:30 UTC to 03:00 EST = 08:00 UTC: 3.5 real hours.
    assert starts(search(q, person("jones", hours=night))) == [at(4, 30, day=sunday)]


def test_berlin_fall_back_day_in_october() -> None:
    sunday = date(2027, 10, 31)
    hours = WorkingHours("Europe/Berlin", {6: ((time(2, 30), time(4)),)})
    q = query(150, at(0, day=sunday) - timedelta(hours=2), at(12, day=sunday))
    assert starts(search(q, person("weber", hours=hours))) == [at(0, 30, day=sunday)]


# Validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"duration": timedelta(0)}, "invalid_duration", "duration"),
        ({"grid": timedelta(0)}, "invalid_grid", "grid"),
        ({"not_before": datetime(2027, 3, 1)}, "timezone_required", "not_before"),
        ({"not_after": at(0)}, "invalid_window", "not_after"),
        ({"limit": 0}, "invalid_limit", "limit"),
        ({"buffer_after": -MIN}, "negative_buffer_after", "buffer_after"),
    ],
)
def test_cannot_build_an_invalid_query(changes: dict[str, Any], code: str, field: str) -> None:
    arguments: dict[str, Any] = {
        "duration": timedelta(hours=1),
        "not_before": at(0),
        "not_after": at(12),
        "now": at(0),
    } | changes
    with pytest.raises(RuleViolation) as caught:
        SlotQuery(**arguments)
    assert (caught.value.code, caught.value.field) == (code, field)
