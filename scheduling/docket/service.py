"""Use case: propose a docket for a batch of unscheduled sessions.

The docket PROPOSES placements; it books nothing and writes nothing. Coordinators book each
proposed placement with ``POST /api/v1/sessions/{id}/booking``, which re-checks every rule
inside its own transaction, so a plan that went stale meanwhile cannot double-book anyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from uuid import UUID

from core.clock import require_aware
from core.db import in_thread
from core.errors import NotFound, RuleViolation
from hearing.jurisdictions.rules import JurisdictionRules
from hearing.jurisdictions.service import holidays_of_cases, rules_for_cases
from hearing.sessions import service as hearing
from hearing.sessions.views import SessionView
from hearing.vocabulary import SessionStatus
from scheduling.availability.service import LoadedAvailability, load_availability
from scheduling.docket.planner import (
    DocketPlan,
    DocketProblem,
    DocketSession,
    Progress,
    plan_docket,
)
from scheduling.intervals import Interval
from scheduling.slots.query import Attendee
from scheduling.slots.service import required_people, slot_query_for

MAX_SESSIONS = 20_000
"""A province's yearly hearing volume fits in one docket (and in the engines' limits on
query parameters, about 32,000)."""


async def _unscheduled_sessions(session_ids: Sequence[UUID]) -> list[SessionView]:
    """The sessions asked for, in order, loaded by id in one query (never by paging through
    every unscheduled session); unknown or already scheduled ones name their index."""
    seen: dict[UUID, int] = {}
    for index, session_id in enumerate(session_ids):
        if session_id in seen:
            raise RuleViolation(
                f"session {session_id} is listed twice (also at index {seen[session_id]})",
                code="duplicate_session_id",
                field=f"session_ids[{index}]",
            )
        seen[session_id] = index
    found = await hearing.sessions_by_id(session_ids)
    for index, session_id in enumerate(session_ids):
        session = found.get(session_id)
        field = f"session_ids[{index}]"
        if session is None:
            raise NotFound(
                f"no session with id {session_id}", code="session_not_found", field=field
            )
        if session.status != SessionStatus.UNSCHEDULED:
            raise RuleViolation(
                f"session {session_id} is {session.status}; "
                "a docket places unscheduled sessions only",
                code="session_not_unscheduled",
                field=field,
            )
    return [found[session_id] for session_id in session_ids]


def _docket_session(
    session: SessionView,
    loaded: LoadedAvailability,
    not_before: datetime,
    not_after: datetime,
    now: datetime,
    rules: JurisdictionRules,
) -> DocketSession:
    query = slot_query_for(session, not_before, not_after, now, rules)
    attendees = tuple(
        Attendee(loaded.people[person_id])
        for person_id in required_people(session)
        if person_id in loaded.people
    )
    return DocketSession(
        id=str(session.id),
        duration=timedelta(minutes=session.duration_minutes),
        attendees=attendees,
        head_count=query.head_count,
        observer_seats=query.observer_seats,
        required_features=query.required_features,
        notice=query.notice,
    )


async def plan_docket_for(
    session_ids: Sequence[UUID],
    not_before: datetime,
    not_after: datetime,
    time_budget_s: float,
    now: datetime,
    progress: Progress | None = None,
) -> DocketPlan:
    """Propose a start and a room for each session inside ``[not_before, not_after)``.

    Read-only: nothing is booked (see the module docstring). Raises NotFound
    ``session_not_found`` or RuleViolation ``session_not_unscheduled`` naming
    ``session_ids[i]``. Session and room ids in the plan are UUID strings.
    """
    require_aware(not_before, "not_before")
    require_aware(not_after, "not_after")
    if not_after <= not_before:
        raise RuleViolation(
            "not_after must be later than not_before", code="invalid_window", field="not_after"
        )
    sessions = await _unscheduled_sessions(session_ids)
    people = sorted({person for s in sessions for person in required_people(s)})
    case_ids = [s.case_id for s in sessions]
    loaded = await load_availability(
        people, Interval(not_before, not_after), holidays=await holidays_of_cases(case_ids)
    )
    rules = await rules_for_cases([s.case_id for s in sessions])
    problem = DocketProblem(
        sessions=tuple(
            _docket_session(s, loaded, not_before, not_after, now, rules[s.case_id])
            for s in sessions
        ),
        rooms=tuple(loaded.rooms.values()),
        not_before=not_before,
        not_after=not_after,
        now=now,
    )
    # The solver holds the CPU for up to the whole budget: keep the event loop serving.
    return await in_thread(plan_docket, problem, time_budget_s, progress)
