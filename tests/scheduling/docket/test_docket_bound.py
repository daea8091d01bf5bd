"""The upper bound on a docket: never below what a plan places, exact where it should be."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling.availability.free_time import Availability, WorkingHours
from scheduling.docket.planner import (
    DocketProblem,
    DocketSession,
    plan_cp_sat,
    plan_docket,
    plan_greedy,
)
from scheduling.slots.query import Attendee, Room
from tests.support.docket_brute_force import most_placeable
from tests.support.random_dockets import dockets

MONDAY = datetime(2027, 3, 1, tzinfo=UTC)
MORNING = WorkingHours("UTC", {0: ((time(9), time(12)),), 1: ((time(9), time(12)),)})


def person(name: str) -> Attendee:
    return Attendee(Availability(name, MORNING))


def room(name: str, capacity: int = 10) -> Room:
    return Room(Availability(name, MORNING), capacity)


def session(name: str, minutes: int, *people: Attendee, head_count: int = 2) -> DocketSession:
    return DocketSession(name, timedelta(minutes=minutes), people, head_count=head_count)


def morning(sessions: list[DocketSession], rooms: list[Room], **extra: Any) -> DocketProblem:
    """Monday 09:00-12:00: small enough for the brute force."""
    return DocketProblem(
        tuple(sessions),
        tuple(rooms),
        not_before=MONDAY + timedelta(hours=9),
        not_after=MONDAY + timedelta(hours=12),
        now=MONDAY,
        grid=timedelta(minutes=30),
        **extra,
    )


def test_one_room_holds_three_hours_of_sessions() -> None:
    docket = morning([session(f"s{n}", 60, person(f"p{n}")) for n in range(4)], [room("only")])
    plan = plan_docket(docket, 0.5)
    assert plan.upper_bound == most_placeable(docket) == len(plan.placed) == 3


def test_the_daily_maximum_of_a_person_bounds_the_docket() -> None:
    busy = person("busy")
    docket = morning(
        [session(f"s{n}", 30, busy, person(f"p{n}")) for n in range(3)],
        [room("r1"), room("r2")],
        max_sessions_per_day=2,
    )
    assert plan_greedy(docket).upper_bound == most_placeable(docket) == 2


def test_buffers_count_between_the_sessions_of_one_person() -> None:
    # 90 + 15 + 90 minutes do not fit into three hours.
    shared = person("shared")
    docket = morning(
        [session("a", 90, shared), session("b", 90, shared)],
        [room("r1"), room("r2")],
        buffer_after=timedelta(minutes=15),
    )
    assert plan_greedy(docket).upper_bound == most_placeable(docket) == 1


def test_a_session_no_room_fits_is_not_counted() -> None:
    docket = morning(
        [session("small", 60, person("p")), session("big", 60, person("q"), head_count=30)],
        [room("r")],
    )
    assert plan_greedy(docket).upper_bound == most_placeable(docket) == 1


@st.composite
def tiny_dockets(draw: st.DrawFn) -> DocketProblem:
    people = [person(f"p{n}") for n in range(draw(st.integers(1, 3)))]
    sessions = []
    for n in range(draw(st.integers(1, 4))):
        picked = st.lists(st.integers(0, len(people) - 1), min_size=1, max_size=2, unique=True)
        chosen = [people[index] for index in draw(picked)]
        minutes = draw(st.sampled_from((30, 60, 90)))
        sessions.append(session(f"s{n}", minutes, *chosen, head_count=draw(st.integers(1, 4))))
    rooms = [
        room(f"r{n}", capacity=draw(st.integers(2, 4))) for n in range(draw(st.integers(1, 2)))
    ]
    return morning(
        sessions,
        rooms,
        buffer_after=timedelta(minutes=draw(st.sampled_from((0, 15)))),
        max_sessions_per_day=draw(st.sampled_from((None, 1, 2))),
    )


@settings(max_examples=30, deadline=None)
@given(tiny_dockets())
def test_no_plan_beats_the_bound(docket: DocketProblem) -> None:
    best = most_placeable(docket)
    plan = plan_docket(docket, 0.3)
    assert plan.upper_bound is not None
    assert len(plan.placed) <= best <= plan.upper_bound


@settings(max_examples=25, deadline=None)
@given(dockets(most_sessions=14))
def test_the_bound_is_never_below_what_a_strategy_places(docket: DocketProblem) -> None:
    for plan in (plan_greedy(docket), plan_cp_sat(docket, 0.2), plan_docket(docket, 0.2)):
        assert plan.upper_bound is not None
        assert len(plan.placed) <= plan.upper_bound <= len(docket.sessions)


def test_cp_sat_leaves_a_placed_session_out_to_place_two() -> None:
    # Found by the property above: the greedy fills the room with the two 90-minute
    # sessions; the best plan drops one of them for the 60- and the 30-minute ones.
    p0, p1 = person("p0"), person("p1")
    docket = morning(
        [
            session("s0", 90, p1, head_count=1),
            session("s1", 90, p1, p0, head_count=1),
            session("s2", 60, p1, p0, head_count=1),
            session("s3", 30, p0, head_count=1),
        ],
        [room("r0", capacity=2)],
    )
    assert len(plan_greedy(docket).placed) == 2
    plan = plan_docket(docket, 5.0)
    assert len(plan.placed) == plan.upper_bound == most_placeable(docket) == 3
