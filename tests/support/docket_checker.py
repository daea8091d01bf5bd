"""An independent check of a docket plan: every hard rule, recomputed from the problem.

Deliberately shares nothing with the planner but the input types and
``availability.open_intervals`` (working hours as instants): it works on datetimes and
``zoneinfo``, one placement at a time and pairwise, so a bug in the planner's compiled
start sets, occupancy index or CP-SAT model shows up here as a problem.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from scheduling.availability.free_time import Availability, open_intervals
from scheduling.docket.planner import DocketPlan, DocketProblem, DocketSession, Placement
from scheduling.intervals import Interval
from scheduling.slots.query import Room

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MARGIN = timedelta(days=2)


def _within_hours(owner: Availability, slot: Interval) -> bool:
    around = Interval(slot.start - _MARGIN, slot.end + _MARGIN)
    return any(block.contains(slot) for block in open_intervals(owner.hours, around))


def _busy_clash(owner: Availability, padded: Interval) -> bool:
    start, end = padded.span
    return any(b < end and start < c for b, c in owner.busy_spans)


def _session_problems(
    problem: DocketProblem, session: DocketSession, placement: Placement, room: Room | None
) -> list[str]:
    """Problems of one placement taken alone."""
    who = f"session {session.id}"
    problems: list[str] = []
    start, end = placement.start.astimezone(UTC), placement.end.astimezone(UTC)
    if end - start != session.duration:
        problems.append(f"{who}: lasts {end - start}, not {session.duration}")
    if start < problem.not_before or end > problem.not_after:
        problems.append(f"{who}: {start}-{end} is outside the docket window")
    if start < problem.now + session.notice:
        problems.append(f"{who}: starts at {start}, before the notice of {session.notice}")
    if (start - EPOCH) % problem.grid:
        problems.append(f"{who}: start {start} is not on the {problem.grid} grid")
    if end <= start:
        return problems
    slot = Interval(start, end)
    padded = Interval(start - problem.buffer_before, end + problem.buffer_after)
    for attendee in session.attendees:
        if not attendee.required:
            continue
        person = attendee.availability
        if not _within_hours(person, slot):
            problems.append(f"{who}: outside the working hours of person {person.id}")
        if _busy_clash(person, padded):
            problems.append(f"{who}: person {person.id} is busy (buffers included)")
    if room is None:
        problems.append(f"{who}: unknown room {placement.room_id}")
        return problems
    if room.capacity < session.head_count or room.public_seats < session.observer_seats:
        problems.append(f"{who}: room {room.id} is too small")
    if not session.required_features <= room.features:
        problems.append(f"{who}: room {room.id} lacks a required feature")
    if not _within_hours(room.availability, slot):
        problems.append(f"{who}: outside the opening hours of room {room.id}")
    if _busy_clash(room.availability, padded):
        problems.append(f"{who}: room {room.id} is busy (buffers included)")
    return problems


def _double_bookings(
    problem: DocketProblem, uses: dict[str, list[tuple[datetime, datetime, str]]]
) -> list[str]:
    """Two placements on one person or room closer than the two buffers together."""
    gap = problem.buffer_before + problem.buffer_after
    problems: list[str] = []
    for resource, spans in uses.items():
        spans.sort()
        latest_end, latest = spans[0][1], spans[0][2]
        for start, end, session_id in spans[1:]:
            if start < latest_end + gap:
                problems.append(f"{resource} is double-booked: sessions {latest} and {session_id}")
            if end > latest_end:
                latest_end, latest = end, session_id
    return problems


def _daily_maximum(problem: DocketProblem, starts: dict[str, list[datetime]]) -> list[str]:
    maximum = problem.max_sessions_per_day
    if maximum is None:
        return []
    people = {
        a.availability.id: a.availability
        for s in problem.sessions
        for a in s.attendees
        if a.required
    }
    problems: list[str] = []
    for person_id, moments in starts.items():
        person = people[person_id]
        zone = ZoneInfo(person.hours.timezone)
        per_day: Counter[date] = Counter(moment.astimezone(zone).date() for moment in moments)
        for day, count in per_day.items():
            if count + person.session_days.get(day, 0) > maximum:
                problems.append(f"person {person_id} has more than {maximum} sessions on {day}")
    return problems


def check_plan(problem: DocketProblem, plan: DocketPlan) -> list[str]:
    """Every rule the plan breaks, as sentences; an empty list means the plan is valid."""
    sessions = {session.id: session for session in problem.sessions}
    rooms = {room.id: room for room in problem.rooms}
    problems: list[str] = []
    outcome: Counter[str] = Counter(p.session_id for p in plan.placed)
    outcome.update(u.session_id for u in plan.unplaced)
    for session_id in sessions:
        if outcome[session_id] != 1:
            problems.append(f"session {session_id} appears {outcome[session_id]} times in the plan")
    problems += [f"unknown session {s} in the plan" for s in outcome if s not in sessions]
    problems += [f"session {u.session_id}: no reason" for u in plan.unplaced if not u.reason]
    uses: dict[str, list[tuple[datetime, datetime, str]]] = {}
    starts: dict[str, list[datetime]] = {}
    for placement in plan.placed:
        session = sessions.get(placement.session_id)
        if session is None:
            continue
        room = rooms.get(placement.room_id)
        problems += _session_problems(problem, session, placement, room)
        span = (placement.start.astimezone(UTC), placement.end.astimezone(UTC), session.id)
        uses.setdefault(f"room {placement.room_id}", []).append(span)
        for attendee in session.attendees:
            if attendee.required:
                person_id = attendee.availability.id
                uses.setdefault(f"person {person_id}", []).append(span)
                starts.setdefault(person_id, []).append(placement.start)
    return problems + _double_bookings(problem, uses) + _daily_maximum(problem, starts)
