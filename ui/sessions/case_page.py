"""A case's page: its clock and light as the case service computes them, its sessions, and a
timeline of its dated facts (the audit log is for administrators, so the page shows what the
case and its sessions record themselves)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from hearing.cases import service as cases
from hearing.cases.clock import deadline_in_force, local_date
from hearing.cases.views import CaseStanding
from hearing.jurisdictions.service import jurisdiction_of_case
from hearing.sessions import service as sessions
from hearing.sessions.session_rows import SessionFilter
from hearing.sessions.views import SessionView
from hearing.vocabulary import ParticipantRole
from parties.people import service as people
from ui.page import reader_of, signed_in_viewer
from ui.render import render

#: Sessions of one case shown on its page (a case has a handful).
SESSIONS_SHOWN = 100
_PETITIONING = frozenset({ParticipantRole.PETITIONER.value, ParticipantRole.AGENT.value})


@dataclass(frozen=True)
class Event:
    """One line of the timeline: a day, or a moment for what has a time (a session)."""

    on: date
    label: str
    at: datetime | None = None
    detail: str = ""
    session_id: UUID | None = None


def timeline(case: CaseStanding, found: list[SessionView], zone: str) -> list[Event]:
    events = [Event(case.registered_on, "psess_event_registered")]
    if case.accepted_on:
        events.append(Event(case.accepted_on, "psess_event_accepted"))
    if case.extended_until:
        detail = case.extension_reason or ""
        events.append(Event(case.extended_until, "psess_event_extended_until", detail=detail))
    if case.closed_on:
        events.append(Event(case.closed_on, "psess_event_closed", detail=case.reply_summary or ""))
    events.extend(
        Event(review.requested_on, f"psess_event_review_{review.level}") for review in case.reviews
    )
    events.extend(
        Event(local_date(s.start, zone), "psess_event_session", s.start, s.title, s.id)
        for s in found
        if s.start is not None
    )
    earliest = datetime.min.replace(tzinfo=UTC)
    return sorted(events, key=lambda event: (event.on, event.at or earliest))


async def petitioners_of(found: list[SessionView]) -> list[str]:
    """The petitioners (and their agents) of the case's sessions: a case records none itself."""
    ids = list(
        dict.fromkeys(p.person_id for s in found for p in s.participants if p.role in _PETITIONING)
    )
    named = await people.get_people(ids)
    return [named[person_id].name for person_id in ids if person_id in named]


class CasePageController(Controller):
    path = "/ui/cases"
    include_in_schema = False

    @get("/{case_id:uuid}")
    async def show(self, request: Request[Any, Any, Any], case_id: FromPath[UUID]) -> Template:
        viewer = signed_in_viewer(request)
        now = datetime.now(UTC)
        case = await cases.case_for(viewer, case_id, now)
        zone = (await jurisdiction_of_case(case_id)).timezone
        found, _ = await sessions.list_sessions(
            viewer, SESSIONS_SHOWN, 0, SessionFilter(case_id=case_id)
        )
        deadline = deadline_in_force(case.clock)
        context = {
            "case": case,
            "deadline": deadline,
            "days_left": None if deadline is None else (deadline - local_date(now, zone)).days,
            "sessions": sorted(found, key=lambda s: (s.start is None, s.start or now)),
            "petitioners": await petitioners_of(found),
            "timeline": timeline(case, found, zone),
        }
        return await render(request, "sessions/case.html", context, reader=await reader_of(request))
