"""The coordinator's dashboard: the week's sessions, cases by light, overdue follow-up and
minutes waiting for signatures, each as the same services show them to this viewer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from litestar import Controller, Request, get
from litestar.response import Template

from core.access import Viewer
from hearing.cases import service as cases
from hearing.cases.clock import Light
from hearing.cases.views import CaseStanding
from hearing.followup import service as followup
from hearing.sessions import service as sessions
from hearing.sessions.session_rows import SessionFilter
from hearing.vocabulary import ActionItemStatus
from minutes.drafts import service as minutes
from ui.page import reader_of, signed_in_viewer
from ui.render import render

#: A dashboard shows the first of each list; the pages of each area show them all.
SHOWN = 50
LIGHTS = (Light.RED, Light.AMBER, Light.GREEN)


@dataclass(frozen=True)
class CasesOfLight:
    light: Light
    cases: list[CaseStanding]
    total: int


def week_around(today: date, zone: str) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00 on the viewer's wall clock (a DST week is not
    7 x 24 hours), as aware datetimes."""
    monday = today - timedelta(days=today.weekday())
    tz = ZoneInfo(zone)
    start = datetime.combine(monday, time(), tz)
    return start, datetime.combine(monday + timedelta(days=7), time(), tz)


async def _cases_by_light(viewer: Viewer, now: datetime) -> list[CasesOfLight]:
    grouped = []
    for light in LIGHTS:
        found, total = await cases.list_cases(viewer, SHOWN, 0, cases.CaseFilter(light=light), now)
        grouped.append(CasesOfLight(light, found, total))
    return grouped


class DashboardController(Controller):
    path = "/ui"
    include_in_schema = False

    @get("/")
    async def dashboard(self, request: Request[Any, Any, Any]) -> Template:
        viewer = signed_in_viewer(request)
        reader = await reader_of(request)
        now = datetime.now(UTC)
        start, end = week_around(now.astimezone(ZoneInfo(reader.zone)).date(), reader.zone)
        this_week, _ = await sessions.list_sessions(
            viewer, SHOWN, 0, SessionFilter(starts_from=start, starts_before=end)
        )
        overdue, _ = await followup.list_action_items(
            viewer, followup.ActionItemFilter(status=ActionItemStatus.OVERDUE), SHOWN, 0, now
        )
        waiting = await minutes.minutes_awaiting_signatures(viewer)
        titles = {
            s.id: s.title
            for s in (await sessions.sessions_by_id([m.session_id for m in waiting])).values()
        }
        context = {
            "week": (start, end),
            "one_day": timedelta(days=1),
            "sessions": sorted(this_week, key=lambda s: s.start or start),
            "lights": await _cases_by_light(viewer, now),
            "overdue": overdue,
            "waiting": [(m, titles.get(m.session_id, "")) for m in waiting],
        }
        return await render(request, "dashboard.html", context, reader=reader)
