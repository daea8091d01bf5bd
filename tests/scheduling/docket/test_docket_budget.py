"""The time budget of a docket, on an injected clock: work stops when the clock says so.

No timed assertion: the clock is a counter that moves a fixed step each time it is read, so
how much a planner does within a budget is a matter of counting, not of machine speed.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given, settings

from scheduling.availability.free_time import Availability, WorkingHours
from scheduling.docket.budget import Budget
from scheduling.docket.compiled import Compiled
from scheduling.docket.free_index import FreeIndex
from scheduling.docket.greedy import PlacementMap, fill, occupancy_of
from scheduling.docket.planner import (
    DocketProblem,
    DocketSession,
    plan_docket,
    plan_greedy,
    warm_up,
)
from scheduling.docket.reasons import BUDGET_RAN_OUT
from scheduling.intervals import Interval
from scheduling.slots.query import Attendee, Room
from tests.support.docket_checker import check_plan
from tests.support.random_dockets import dockets

MONDAY = datetime(2027, 3, 1, tzinfo=UTC)
WEEKDAYS = WorkingHours("UTC", {day: ((time(9), time(17)),) for day in range(5)})


class SteppingClock:
    """Reads 0, step, 2 * step, ...; counts its readings."""

    def __init__(self, step: float) -> None:
        self.step, self.readings = step, 0

    def __call__(self) -> float:
        self.readings += 1
        return (self.readings - 1) * self.step


@pytest.fixture(autouse=True, scope="module")
def ortools_imported() -> None:
    warm_up()


def busy_week(sessions: int) -> DocketProblem:
    """``sessions`` one-hour sessions of distinct people over a week in three rooms."""
    rooms = tuple(Room(Availability(f"room-{n}", WEEKDAYS), 10) for n in range(3))
    return DocketProblem(
        tuple(
            DocketSession(
                f"s{n:03d}",
                timedelta(hours=1),
                (
                    Attendee(Availability(f"p{n}", WEEKDAYS)),
                    Attendee(Availability(f"q{n}", WEEKDAYS)),
                ),
            )
            for n in range(sessions)
        ),
        rooms,
        not_before=MONDAY,
        not_after=MONDAY + timedelta(days=7),
        now=MONDAY,
    )


def tried(plan_reasons: dict[str, str], total: int) -> int:
    return total - sum(1 for reason in plan_reasons.values() if reason == BUDGET_RAN_OUT)


def test_the_greedy_stops_when_the_budget_runs_out_and_says_so() -> None:
    docket = busy_week(100)
    counts = []
    for budget in (3, 5, 8):
        plan = plan_greedy(docket, time_budget_s=budget, clock=SteppingClock(1.0))
        reasons = {u.session_id: u.reason for u in plan.unplaced}
        counts.append(tried(reasons, 100))
        assert len(plan.placed) == counts[-1]  # three rooms of a week hold them all
        assert check_plan(docket, plan) == []
    assert counts[0] < counts[1] < counts[2] < 100
    assert len(plan_greedy(docket, clock=SteppingClock(1.0)).placed) == 100


def test_the_work_done_grows_with_the_budget_not_with_the_clock_readings() -> None:
    docket = busy_week(100)
    clock = SteppingClock(1.0)
    plan = plan_greedy(docket, time_budget_s=4, clock=clock)
    # A reading every few sessions: the number of readings is bounded by the budget.
    assert clock.readings <= 4 + 3
    assert 0 < len(plan.placed) < 100


def test_plan_docket_solves_no_window_once_the_budget_is_spent() -> None:
    docket = busy_week(200)  # more than three rooms of a week hold: CP-SAT would try
    plan = plan_docket(docket, 0.5, clock=SteppingClock(10.0))
    assert "windows" not in plan.stats
    assert all(u.reason for u in plan.unplaced)
    assert check_plan(docket, plan) == []


def test_plan_docket_stops_improving_at_the_upper_bound() -> None:
    docket = busy_week(20)
    plan = plan_docket(docket, 30.0)
    assert len(plan.placed) == plan.upper_bound == 20
    assert "windows" not in plan.stats


def test_unplaced_sessions_over_capacity_name_the_rooms() -> None:
    # 3 rooms x 5 days x 8 hours = 120 one-hour slots; 5 x 29 quarter-hour starts each.
    docket = busy_week(130)
    plan = plan_greedy(docket)
    assert len(plan.placed) == plan.upper_bound == 120
    assert {u.reason.split(" (most often")[0] for u in plan.unplaced} == {
        "capacity exhausted: every feasible start (145) conflicts with other placed sessions"
    }
    assert all("most often: rooms fitting 0 participants" in u.reason for u in plan.unplaced)


@settings(max_examples=25, deadline=None)
@given(dockets(most_sessions=14))
def test_the_free_time_index_matches_a_fresh_one_after_a_plan(docket: DocketProblem) -> None:
    compiled = Compiled(docket)
    index = occupancy_of(compiled, {})
    placements: PlacementMap = {}
    fill(index, placements, Budget())
    fresh = FreeIndex(index.occupancy)
    people = {p.id: p for session_people in compiled.people for p in session_people}
    for room in range(len(compiled.rooms)):
        for duration in set(compiled.durations):
            for window in range(0, 3):
                assert index.room_free(room, duration, window) == fresh.room_free(
                    room, duration, window
                )
    for person in people.values():
        for duration in set(compiled.durations):
            for window in range(0, 3):
                assert index.person_free(person, duration, window) == fresh.person_free(
                    person, duration, window
                )


def test_a_busy_block_is_taken_off_the_free_time_index() -> None:
    away = Availability(
        "away", WEEKDAYS, (Interval(MONDAY + timedelta(hours=9), MONDAY + timedelta(hours=17)),)
    )
    docket = DocketProblem(
        (DocketSession("s", timedelta(hours=1), (Attendee(away),)),),
        (Room(Availability("r", WEEKDAYS), 10),),
        not_before=MONDAY,
        not_after=MONDAY + timedelta(days=2),
        now=MONDAY,
    )
    (placement,) = plan_greedy(docket).placed
    assert placement.start == MONDAY + timedelta(days=1, hours=9)
