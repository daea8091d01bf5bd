"""What the pages' tests show: a coordinator, a session booked this week, an overdue item."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from core.access import Role
from hearing.followup import service as followup
from hearing.sessions.views import SessionView
from parties.accounts import service as accounts
from parties.organizations import service as organizations
from scheduling.booking import service as booking
from tests.conftest import PASSWORD
from tests.support.builders import make_room, mediation_session
from tests.support.flow import SHANGHAI

COORDINATOR_EMAIL = "coordinator@test.example"
_CSRF_INPUT = re.compile(r'name="_csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _CSRF_INPUT.search(html)
    assert found, "the page has no CSRF input"
    return found.group(1)


async def log_in_over_http(
    client: Any, email: str = COORDINATOR_EMAIL, password: str = PASSWORD
) -> Any:
    """The login form posted as a browser would (token from the page); the 303 is returned."""
    page = await client.get("/ui/login")
    return await client.post(
        "/ui/login",
        data={"email": email, "password": password, "_csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )


async def coordinator_account(email: str = COORDINATOR_EMAIL) -> UUID:
    return await accounts.create_account(email, PASSWORD, Role.COORDINATOR)


def this_weeks_monday_at(hour: int) -> datetime:
    """This week's Monday (Shanghai, the default zone) at ``hour``: inside the dashboard's week
    whatever day the tests run, in the past or not."""
    today = datetime.now(SHANGHAI).date()
    monday = today - timedelta(days=today.weekday())
    return datetime(monday.year, monday.month, monday.day, hour, tzinfo=SHANGHAI)


@dataclass(frozen=True)
class DashboardWorld:
    session: SessionView
    start: datetime
    overdue_title: str


async def booked_session_with_an_overdue_item(suffix: str = "UI1") -> DashboardWorld:
    session, _ = await mediation_session(suffix)
    start = this_weeks_monday_at(10)
    # Booked two weeks ahead of its start, as a coordinator would have done.
    await booking.book_session(session.id, start, await make_room(suffix), start - timedelta(14))
    bureau = await organizations.create_organization("住建局", "government_department")
    title = "补发过渡费"
    yesterday = datetime.now(SHANGHAI).date() - timedelta(days=1)
    await followup.create_action_item(
        session.id, title, bureau.id, yesterday, None, max(start, datetime.now(UTC))
    )
    return DashboardWorld(session, start, title)
