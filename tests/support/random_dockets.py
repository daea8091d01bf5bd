"""Random docket problems for property tests: a few people and rooms in several zones over
a European clock change, with busy blocks, buffers, notice and a daily maximum."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from hypothesis import strategies as st

from scheduling.availability.free_time import Availability, WorkingHours, office_hours
from scheduling.docket.planner import DocketProblem, DocketSession
from scheduling.intervals import Interval
from scheduling.slots.query import Attendee, Room

ZONES = ("Europe/Berlin", "Asia/Shanghai", "America/New_York", "UTC")
# 26 March 2027 is a Friday; Europe moves its clocks forward on Sunday 28 March.
DST_FRIDAY = datetime(2027, 3, 26, tzinfo=UTC)
EVERY_DAY = {day: ((time(8), time(12)), (time(13), time(20))) for day in range(7)}


@st.composite
def hours(draw: st.DrawFn) -> WorkingHours:
    zone = draw(st.sampled_from(ZONES))
    if draw(st.booleans()):
        return office_hours(zone)
    return WorkingHours(zone, EVERY_DAY)


@st.composite
def busy_blocks(draw: st.DrawFn) -> tuple[Interval, ...]:
    blocks = []
    for _ in range(draw(st.integers(0, 3))):
        start = DST_FRIDAY + timedelta(minutes=15 * draw(st.integers(0, 4 * 24 * 4)))
        blocks.append(
            Interval(start, start + timedelta(minutes=draw(st.sampled_from((30, 90, 300)))))
        )
    return tuple(blocks)


@st.composite
def dockets(draw: st.DrawFn, most_sessions: int = 10) -> DocketProblem:
    people = [
        Availability(f"person-{n}", draw(hours()), draw(busy_blocks()))
        for n in range(draw(st.integers(1, 5)))
    ]
    rooms = [
        Room(
            Availability(f"room-{n}", draw(hours()), draw(busy_blocks())),
            capacity=draw(st.integers(2, 6)),
            public_seats=draw(st.sampled_from((0, 10))),
            features=draw(st.sampled_from((frozenset(), frozenset({"video"})))),
        )
        for n in range(draw(st.integers(1, 3)))
    ]
    sessions = []
    for n in range(draw(st.integers(1, most_sessions))):
        picked = st.lists(st.integers(0, len(people) - 1), min_size=1, max_size=3, unique=True)
        chosen = [people[index] for index in draw(picked)]
        sessions.append(
            DocketSession(
                id=f"session-{n}",
                duration=timedelta(minutes=draw(st.sampled_from((30, 45, 60, 120)))),
                attendees=tuple(Attendee(p) for p in chosen),
                head_count=len(chosen) + draw(st.integers(0, 2)),
                observer_seats=draw(st.sampled_from((0, 0, 5))),
                required_features=draw(st.sampled_from((frozenset(), frozenset({"video"})))),
                notice=timedelta(hours=draw(st.sampled_from((0, 0, 30)))),
            )
        )
    return DocketProblem(
        tuple(sessions),
        tuple(rooms),
        not_before=DST_FRIDAY + timedelta(hours=draw(st.integers(0, 12))),
        not_after=DST_FRIDAY + timedelta(days=4),
        now=DST_FRIDAY,
        grid=timedelta(minutes=draw(st.sampled_from((15, 30)))),
        buffer_before=timedelta(minutes=draw(st.sampled_from((0, 10)))),
        buffer_after=timedelta(minutes=draw(st.sampled_from((0, 15)))),
        max_sessions_per_day=draw(st.sampled_from((None, 1, 2))),
    )
