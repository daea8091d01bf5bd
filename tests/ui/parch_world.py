"""Accounts and records the archive and follow-up pages' tests show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from core.access import Role
from hearing.followup import service as followup
from parties.accounts import service as accounts
from parties.organizations import service as organizations
from tests.conftest import PASSWORD
from tests.support.flow import SHANGHAI
from tests.support.viewers import COORDINATOR
from tests.ui.world import DashboardWorld, booked_session_with_an_overdue_item, csrf_of

ARCHIVIST_EMAIL = "archivist@test.example"
MEMBER_EMAIL = "member@test.example"
OUTSIDER_EMAIL = "outsider@test.example"


async def archivist_account() -> UUID:
    return await accounts.create_account(ARCHIVIST_EMAIL, PASSWORD, Role.ARCHIVIST)


async def participant_account(email: str, person_id: UUID) -> UUID:
    return await accounts.create_account(email, PASSWORD, Role.PARTICIPANT, person_id)


@dataclass(frozen=True)
class FollowUpWorld:
    dashboard: DashboardWorld
    #: Overdue, owned by an organisation without a parent (escalation is refused).
    overdue_id: UUID
    #: Open, due next month, owned by a district office under the city's bureau.
    open_id: UUID
    open_title: str
    district_id: UUID
    city_id: UUID


async def follow_up_world() -> FollowUpWorld:
    dashboard = await booked_session_with_an_overdue_item()
    city = await organizations.create_organization("市信访局", "government_department")
    district = await organizations.create_organization("区住建局", "government_department", city.id)
    title = "书面答复信访人"
    due = datetime.now(SHANGHAI).date() + timedelta(days=30)
    now = max(dashboard.start, datetime.now(UTC))
    opened = await followup.create_action_item(
        dashboard.session.id, title, district.id, due, None, now
    )
    everything, _ = await followup.list_action_items(
        COORDINATOR, followup.ActionItemFilter(), 10, 0, datetime.now(UTC)
    )
    overdue = next(i for i in everything if i.title == dashboard.overdue_title)
    return FollowUpWorld(dashboard, overdue.id, opened.id, title, district.id, city.id)


async def post_form(client: Any, page_path: str, path: str, data: dict[str, str], **kw: Any) -> Any:
    """A form of the page at ``page_path`` posted as a browser would, token from the page."""
    page = await client.get(page_path)
    return await client.post(
        path, data={**data, "_csrf_token": csrf_of(page.text)}, follow_redirects=False, **kw
    )
