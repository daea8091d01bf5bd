"""Fragmentation: the slivers of free time a slot leaves, and how it picks the room."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from scheduling.availability.free_time import Availability, WorkingHours, office_hours
from scheduling.intervals import Interval, SpanSet, to_us
from scheduling.slots.fragmentation import FreeStretches, free_stretch, slivers
from scheduling.slots.query import Attendee, Room, SlotQuery
from scheduling.slots.search import find_common_slots

MONDAY = date(2027, 3, 1)


def at(hour: int, minute: int = 0, day: date = MONDAY) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def us(hour: int, minute: int = 0) -> int:
    return to_us(at(hour, minute))


def person(name: str, *busy: tuple[datetime, datetime], zone: str = "UTC") -> Availability:
    return Availability(name, office_hours(zone), tuple(Interval(a, b) for a, b in busy))


# The pure rule ---------------------------------------------------------------------------


def test_a_slot_against_both_ends_of_its_stretch_leaves_no_sliver() -> None:
    assert slivers((us(9), us(10)), (us(9), us(10))) == 0


def test_pieces_shorter_than_the_slot_are_slivers_and_longer_ones_are_not() -> None:
    stretch = (us(9), us(12))
    assert slivers(stretch, (us(9, 30), us(10, 30))) == 1  # 30 min before, 90 after
    assert slivers(stretch, (us(9, 15), us(11, 15))) == 2  # 15 before, 45 after: both short
    assert slivers(stretch, (us(10), us(11))) == 0  # an hour either side: room for another


def test_a_piece_exactly_as_long_as_the_slot_still_holds_one_and_is_no_sliver() -> None:
    assert slivers((us(9), us(11)), (us(9), us(10))) == 0


def test_a_slot_outside_its_stretch_is_refused() -> None:
    with pytest.raises(ValueError):
        slivers((us(9), us(10)), (us(9, 30), us(10, 30)))


def test_the_free_stretch_ends_at_the_nearest_busy_blocks_and_the_working_span() -> None:
    working = SpanSet([(us(9), us(12)), (us(13, 30), us(17, 30))])
    busy = [(us(8), us(9, 30)), (us(10, 45), us(11)), (us(15), us(16))]
    assert free_stretch(working, busy, (us(9, 30), us(10, 30))) == (us(9, 30), us(10, 45))
    assert free_stretch(working, busy, (us(11), us(11, 30))) == (us(11), us(12))
    assert free_stretch(working, busy, (us(13, 30), us(14))) == (us(13, 30), us(15))
    with pytest.raises(ValueError):
        free_stretch(working, busy, (us(10), us(11)))  # overlaps the 10:45 block
    with pytest.raises(ValueError):
        free_stretch(working, busy, (us(11, 30), us(12, 30)))  # runs into lunch


def test_free_stretches_follow_working_hours_in_the_owners_zone() -> None:
    # Shanghai office hours: 09:00-12:00 local is 01:00-04:00 UTC.
    chen = person("chen", (at(3, 30), at(4)), zone="Asia/Shanghai")
    stretches = FreeStretches(us(0), us(12))
    assert stretches.slivers(chen, (us(1), us(2))) == 0  # 90 min left after: another fits
    assert stretches.slivers(chen, (us(1, 30), us(2, 30))) == 1  # 30 min before it
    assert stretches.slivers(chen, (us(2), us(3))) == 1  # 30 min after, before the block


# In the search --------------------------------------------------------------------------


def query(minutes: int = 60, **extra: Any) -> SlotQuery:
    return SlotQuery(
        duration=timedelta(minutes=minutes),
        not_before=at(9),
        not_after=at(12),
        now=at(0, day=date(2027, 1, 1)),
        **extra,
    )


def test_each_slot_reports_the_slivers_it_leaves_in_the_days_of_those_who_come() -> None:
    zhang = person("zhang", (at(10, 30), at(11)))
    li = person("li")
    result = find_common_slots(query(limit=4), [Attendee(zhang), Attendee(li)], None)
    by_start = {slot.start: slot.fragmentation for slot in result.slots}
    # 09:00 leaves zhang 30 min before his block; li keeps two free hours after it.
    # 09:15 leaves zhang 15 min on both sides and li 15 min before.
    # 09:30 sits against zhang's block but leaves 30 min before it for both.
    # 11:00 sits against zhang's block and the lunch break, and li's break.
    assert by_start == {at(9): 1, at(9, 15): 3, at(9, 30): 2, at(11): 0}


def test_an_optional_person_who_cannot_come_does_not_count() -> None:
    zhang = person("zhang")
    away = person("wang", (at(9), at(12)))
    result = find_common_slots(
        query(limit=1), [Attendee(zhang), Attendee(away, required=False)], None
    )
    assert result.slots[0].missing_optional == ("wang",)
    assert result.slots[0].fragmentation == 0


def test_the_room_that_keeps_its_day_whole_wins_over_the_smaller_one() -> None:
    # "small" fits exactly but is booked from 10:30: a 09:00 session would strand 30 minutes.
    small = Room(person("small", (at(10, 30), at(12))), capacity=6)
    large = Room(person("large"), capacity=30)
    rooms = [small, large]
    result = find_common_slots(query(head_count=6, limit=3), [Attendee(person("zhang"))], rooms)
    chosen = {slot.start: (slot.room_id, slot.fragmentation) for slot in result.slots}
    assert chosen[at(9)] == ("large", 0)
    # At 09:30 both rooms strand 30 minutes before the slot: the smaller room wins the tie.
    assert chosen[at(9, 30)] == ("small", 2)  # one sliver in zhang's day, one in the room's
    # At 09:15 the small room would strand 15 minutes on both sides, the large one 15 minutes
    # before only: the large one wins, and zhang keeps one sliver.
    assert chosen[at(9, 15)] == ("large", 2)


def test_with_no_sliver_anywhere_the_smallest_fitting_room_still_wins() -> None:
    rooms = [Room(person("hall"), capacity=40), Room(person("medium"), capacity=10)]
    result = find_common_slots(query(head_count=6, limit=1), [Attendee(person("zhang"))], rooms)
    assert (result.slots[0].room_id, result.slots[0].fragmentation) == ("medium", 0)


def test_the_end_of_the_working_day_bounds_the_stretch() -> None:
    evening = WorkingHours("UTC", {0: ((time(18), time(20)),)})
    late = Availability("late", evening)
    q = SlotQuery(
        duration=timedelta(minutes=90),
        not_before=at(0),
        not_after=at(23),
        now=at(0, day=date(2027, 1, 1)),
    )
    result = find_common_slots(q, [Attendee(late)], None)
    assert [(s.start, s.fragmentation) for s in result.slots] == [
        (at(18), 1),
        (at(18, 15), 2),
        (at(18, 30), 1),
    ]
