"""Docket planning: place a batch of unscheduled sessions over a period.

Every hard rule of single-session slot search holds for the whole batch at once: working
hours in each person's zone, room opening hours, room capacity, observer seats and features,
notice, buffers and the daily maximum per person; besides, no person and no room is used by
two placed sessions at a time (buffers included, the Cal.com rule: the gap between two
sessions on one resource is at least ``buffer_after + buffer_before``).

Two strategies, measured in ``bench/docket.py``:

* ``plan_greedy``: first fit, longest session first, then the most constrained,
  through a free-time index per person and room and window of the grid, so that its cost
  grows about linearly with the sessions: a province's year in seconds.
* ``plan_cp_sat``: OR-Tools CP-SAT, window by window. Each window re-plans the sessions that
  start in it, together with unplaced sessions that could start there, keeping everything
  else fixed; sessions already placed must stay placed, so a window never loses a session.

``plan_docket`` runs the first and improves it with the second within a time budget, read
inside the greedy and between CP-SAT windows. Every plan carries ``upper_bound``: at most
how many sessions any plan could place (a relaxation, ``docket.bound``).
Times are integer microseconds since the epoch internally (``scheduling.intervals``); starts
lie on a grid counted from the epoch, as in slot search.

This module is the entry point and re-exports the public names. The parts: inputs and plan
types in ``problem``, the compiled problem and occupancy in ``compiled``, the free-time index
in ``free_index``, first fit in ``greedy``, the reasons for unplaced sessions in ``reasons``,
the bound in ``bound``, the time budget in ``budget``, CP-SAT in ``cp_sat`` (search) and
``cp_sat_model`` (one window's model).
"""

from __future__ import annotations

from scheduling.docket.bound import upper_bound
from scheduling.docket.budget import Budget, Clock
from scheduling.docket.compiled import Compiled
from scheduling.docket.cp_sat import improve, plan_cp_sat, warm_up
from scheduling.docket.free_index import FreeIndex
from scheduling.docket.greedy import PlacementMap, build_plan, fill, occupancy_of, plan_greedy
from scheduling.docket.problem import (
    DocketPlan,
    DocketProblem,
    DocketSession,
    Placement,
    Progress,
    Unplaced,
)

__all__ = [
    "DocketPlan",
    "DocketProblem",
    "DocketSession",
    "Placement",
    "Progress",
    "Unplaced",
    "plan_cp_sat",
    "plan_docket",
    "plan_greedy",
    "warm_up",
]


def plan_docket(
    problem: DocketProblem,
    time_budget_s: float,
    progress: Progress | None = None,
    clock: Clock | None = None,
) -> DocketPlan:
    """Greedy first fit, then CP-SAT improvement until the budget is spent, all are placed,
    or the plan reaches the upper bound (then no plan could place more).

    Never places fewer sessions than the greedy plan: each CP-SAT window keeps every
    session it re-plans. Sessions the rearranged plan has room for are then placed by
    first fit. ``progress`` is told the budget used, in milliseconds. ``clock`` (seconds,
    ``time.perf_counter`` by default) is read for the budget, and can be a test's own.
    """
    budget = Budget.of(time_budget_s, clock) if clock else Budget.of(time_budget_s)
    began = budget.clock()
    total_ms = max(int(time_budget_s * 1000), 1)
    compiled = Compiled(problem)
    # The bound first, inside the budget: it decides whether CP-SAT has anything to gain.
    bound = upper_bound(compiled)
    index = occupancy_of(compiled, {})
    placements: PlacementMap = {}
    untried = fill(index, placements, budget)
    greedy_placed = len(placements)
    greedy_s = budget.clock() - began

    def report() -> None:
        if progress is not None:
            used = int((budget.clock() - began) * 1000)
            progress(min(used, total_ms), total_ms)

    report()
    stats: dict[str, float] = {}
    if len(placements) < bound and not budget.spent():
        placements, occupancy, stats = improve(compiled, placements, budget, report)
        index = FreeIndex(occupancy)
        # What the greedy tried already has its capacity reason, whatever the clock says now.
        tried_before = set(untried)
        untried = [i for i in fill(index, placements, budget) if i in tried_before]
        stats["filled_after_cp_sat"] = float(len(placements) - greedy_placed)
    stats.update(greedy_placed=float(greedy_placed), greedy_s=greedy_s)
    stats["elapsed_s"] = budget.clock() - began
    if progress is not None:
        progress(total_ms, total_ms)
    return build_plan(index, placements, "greedy+cp_sat", stats, untried, bound)
