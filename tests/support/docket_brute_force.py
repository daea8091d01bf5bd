"""The most sessions any plan can place, by trying everything: an oracle for tiny dockets.

Every start on the grid inside the window, in every room, session after session; each
partial plan is kept only if the independent checker (``docket_checker``) finds nothing
wrong with it. Shares nothing with the planners but the input types.
"""

from __future__ import annotations

from datetime import UTC, datetime

from scheduling.docket.planner import DocketPlan, DocketProblem, Placement, Unplaced
from tests.support.docket_checker import check_plan

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def grid_starts(problem: DocketProblem) -> list[datetime]:
    first = EPOCH + -(-(problem.not_before - EPOCH) // problem.grid) * problem.grid
    starts = []
    while first < problem.not_after:
        starts.append(first)
        first += problem.grid
    return starts


def _valid(problem: DocketProblem, placed: list[Placement]) -> bool:
    taken = {p.session_id for p in placed}
    unplaced = tuple(Unplaced(s.id, "not placed") for s in problem.sessions if s.id not in taken)
    return not check_plan(problem, DocketPlan(tuple(placed), unplaced, "brute force"))


def most_placeable(problem: DocketProblem) -> int:
    sessions, starts, best = problem.sessions, grid_starts(problem), 0

    def extend(position: int, placed: list[Placement]) -> None:
        nonlocal best
        if len(placed) + len(sessions) - position <= best:
            return
        if position == len(sessions):
            best = len(placed)
            return
        session = sessions[position]
        for start in starts:
            end = start + session.duration
            if end > problem.not_after:
                break
            for room in problem.rooms:
                candidate = [*placed, Placement(session.id, start, end, room.id)]
                if _valid(problem, candidate):
                    extend(position + 1, candidate)
        extend(position + 1, placed)

    extend(0, [])
    return best
