"""Slot search agrees with the minute-by-minute brute-force oracle on generated scenarios."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling.availability.free_time import Availability, TimeRange, WorkingHours
from scheduling.intervals import Interval
from scheduling.slots.query import Attendee, Room, SlotQuery
from scheduling.slots.search import find_common_slots
from tests.support.slot_oracle import brute_force_blocking, brute_force_slots

MIN = timedelta(minutes=1)

ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Asia/Shanghai",
    "Europe/London",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "UTC",
)
# Days on which a zone changes its clocks in 2027 (and one ordinary day), with that zone.
TRANSITION_DAYS = {
    date(2027, 3, 14): "America/New_York",
    date(2027, 3, 28): "Europe/Berlin",
    date(2027, 10, 31): "Europe/London",
    date(2027, 11, 7): "America/New_York",
    date(2027, 4, 4): "Australia/Lord_Howe",
    date(2027, 10, 3): "Australia/Lord_Howe",
    date(2027, 6, 16): "Asia/Kolkata",
}
# Boundaries are biased to the small hours, where the clocks change.
CLOCK = (
    [time(h, m) for h in range(4) for m in (0, 15, 30, 45)] * 3
    + [time(h, m) for h in range(24) for m in (0, 20, 30)]
    + [time(23, 59)]
)


WHOLE_DAY = ((time(0), time(23, 59)),)


@st.composite
def time_ranges(draw: st.DrawFn) -> tuple[TimeRange, ...]:
    if draw(st.integers(0, 3)) == 0:
        return WHOLE_DAY
    points = sorted(set(draw(st.lists(st.sampled_from(CLOCK), min_size=2, max_size=6))))
    return tuple(zip(points[::2], points[1::2], strict=False))


@st.composite
def availabilities(draw: st.DrawFn, name: str, window: Interval, zone: str) -> Availability:
    # Two day patterns shared out over the week (index 2 = closed) keep generation cheap.
    patterns = (draw(time_ranges()), draw(time_ranges()))
    choice = draw(st.lists(st.integers(0, 2), min_size=7, max_size=7))
    weekly = {day: patterns[pick] for day, pick in enumerate(choice) if pick < 2}
    days = [window.start.date() + timedelta(days=i) for i in range(-1, 6)]
    exceptions = {
        day: draw(time_ranges()) for day in draw(st.lists(st.sampled_from(days), max_size=2))
    }
    busy = []
    for _ in range(draw(st.integers(0, 4))):
        start = window.start + draw(st.integers(-300, 6000)) * MIN
        busy.append(Interval(start, start + draw(st.integers(5, 300)) * MIN))
    sessions = {
        day: draw(st.integers(0, 3)) for day in draw(st.lists(st.sampled_from(days), max_size=2))
    }
    # Half the people live in the zone whose clocks change during the window.
    hours = WorkingHours(draw(st.sampled_from((zone,) * len(ZONES) + ZONES)), weekly, exceptions)
    return Availability(name, hours, tuple(busy), sessions)


@st.composite
def scenarios(
    draw: st.DrawFn, rooms_to_choose_from: bool = False
) -> tuple[SlotQuery, list[Attendee], list[Room] | None]:
    """Random searches; ``rooms_to_choose_from`` offers 2-4 rooms that fit any query, so
    the choice between free rooms at one start is exercised."""
    day = draw(st.sampled_from(sorted(TRANSITION_DAYS)))
    zone = TRANSITION_DAYS[day]
    start = datetime.combine(day, time(), tzinfo=UTC) + draw(st.integers(-36 * 60, 12 * 60)) * MIN
    window = Interval(start, start + draw(st.integers(12 * 60, 4 * 24 * 60)) * MIN)
    attendees = [
        Attendee(
            draw(availabilities(f"p{i}", window, zone)), required=i == 0 or draw(st.booleans())
        )
        for i in range(draw(st.integers(1, 4)))
    ]
    features = st.frozensets(st.sampled_from(("video", "loop")))
    rooms = None
    if rooms_to_choose_from:
        rooms = [
            Room(draw(availabilities(f"r{i}", window, zone)), draw(st.integers(12, 20)), 4)
            for i in range(draw(st.integers(2, 4)))
        ]
    elif draw(st.booleans()):
        rooms = [
            Room(
                draw(availabilities(f"r{i}", window, zone)),
                draw(st.integers(2, 20)),
                draw(st.integers(0, 10)),
                draw(features),
            )
            for i in range(draw(st.integers(0, 3)))
        ]
    q = SlotQuery(
        duration=draw(st.sampled_from((15, 30, 45, 60, 90, 120, 135, 180))) * MIN,
        not_before=window.start,
        not_after=window.end,
        now=window.start + draw(st.integers(-3000, 1500)) * MIN,
        notice=draw(st.sampled_from((0, 60, 24 * 60))) * MIN,
        grid=draw(st.sampled_from((5, 15, 30, 60))) * MIN,
        buffer_before=draw(st.sampled_from((0, 10, 30))) * MIN,
        buffer_after=draw(st.sampled_from((0, 15))) * MIN,
        head_count=draw(st.integers(0, 12)),
        observer_seats=draw(st.integers(0, 4)),
        required_features=frozenset() if rooms_to_choose_from else draw(features),
        max_sessions_per_day=draw(st.sampled_from((None, 1, 2))),
        limit=100_000,
    )
    return q, attendees, rooms


def agrees_with_the_oracle(scenario: tuple[SlotQuery, list[Attendee], list[Room] | None]) -> None:
    q, attendees, rooms = scenario
    result = find_common_slots(q, attendees, rooms)
    assert list(result.slots) == brute_force_slots(q, attendees, rooms)
    if not result.slots:
        assert result.reason
        expected = brute_force_blocking(q, attendees, rooms)
        window_has_starts = brute_force_slots(q, [], None) != []
        assert list(result.blocking) == (expected if window_has_starts else [])


@settings(max_examples=1000, deadline=None)
@given(scenarios())
def test_find_common_slots_agrees_with_the_brute_force_oracle(
    scenario: tuple[SlotQuery, list[Attendee], list[Room] | None],
) -> None:
    agrees_with_the_oracle(scenario)


@settings(max_examples=300, deadline=None)
@given(scenarios(rooms_to_choose_from=True))
def test_the_room_chosen_among_free_ones_agrees_with_the_brute_force_oracle(
    scenario: tuple[SlotQuery, list[Attendee], list[Room] | None],
) -> None:
    agrees_with_the_oracle(scenario)
