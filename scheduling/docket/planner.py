"""Docket planning: place a batch of unscheduled sessions over a period.

Every hard rule of single-session slot search holds for the whole batch at once: working
hours in each person's zone, room opening hours, room capacity, observer seats and features,
notice, buffers and the daily maximum per person; besides, no person and no room is used by
two placed sessions at a time (buffers included, the Cal.com rule: the gap between two
sessions on one resource is at least ``buffer_after + buffer_before``).

Two strategies, measured in ``bench/docket.py``:

* ``plan_greedy``: first fit, most constrained session (fewest feasible starts) first. A full
  plan in milliseconds.
* ``plan_cp_sat``: OR-Tools CP-SAT, window by window. Each window re-plans the sessions that
  start in it, together with unplaced sessions that could start there, keeping everything
  else fixed; sessions already placed must stay placed, so a window never loses a session.

``plan_docket`` runs the first and improves it with the second within a time budget.
Times are integer microseconds since the epoch internally (``scheduling.intervals``); starts
lie on a grid counted from the epoch, as in slot search.

This module is the entry point and re-exports the public names. The parts: inputs and plan
types in ``docket_problem``, the compiled problem and occupancy in ``docket_compiled``, first
fit and the reasons for unplaced sessions in ``docket_greedy``, CP-SAT in ``docket_cp_sat``.
"""

from __future__ import annotations

import time as clock

from scheduling.docket.compiled import Compiled
from scheduling.docket.cp_sat import improve, plan_cp_sat, warm_up
from scheduling.docket.greedy import build_plan, fill, greedy_placements, plan_greedy
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
    problem: DocketProblem, time_budget_s: float, progress: Progress | None = None
) -> DocketPlan:
    """Greedy first fit, then CP-SAT improvement until the budget is spent or all are placed.

    Never places fewer sessions than the greedy plan: each CP-SAT window keeps every
    session it re-plans. Sessions the rearranged plan has room for are then placed by
    first fit. ``progress`` is told the budget used, in milliseconds.
    """
    began = clock.perf_counter()
    total_ms = max(int(time_budget_s * 1000), 1)
    compiled = Compiled(problem)
    placements, occupancy = greedy_placements(compiled)
    greedy_placed = len(placements)
    greedy_s = clock.perf_counter() - began

    def report() -> None:
        if progress is not None:
            used = int((clock.perf_counter() - began) * 1000)
            progress(min(used, total_ms), total_ms)

    report()
    stats: dict[str, float] = {}
    if len(placements) < len(compiled.sessions):
        deadline = began + max(time_budget_s, 0.0)
        placements, occupancy, stats = improve(compiled, placements, deadline, report)
        stats["filled_after_cp_sat"] = float(fill(occupancy, placements))
    stats.update(greedy_placed=float(greedy_placed), greedy_s=greedy_s)
    stats["elapsed_s"] = clock.perf_counter() - began
    if progress is not None:
        progress(total_ms, total_ms)
    return build_plan(compiled, placements, occupancy, "greedy+cp_sat", stats)
