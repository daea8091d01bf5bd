"""Action items through the services: the owner and assignee are checked through parties."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest

from core.errors import NotFound
from hearing.followup import service as followup
from parties.organizations import service as organizations
from scheduling.booking import service as booking_service
from tests.support.builders import make_room, mediation_session
from tests.support.flow import next_weekday_at


async def test_action_item_is_open_and_belongs_to_its_session(db) -> None:
    session, _ = await mediation_session("f1")
    start = next_weekday_at(10)
    await booking_service.book_session(
        session.id, start, await make_room("f1"), start - timedelta(days=10)
    )
    owner = await organizations.create_organization("住建局", "government_department")
    assignee = session.participants[1].person_id
    item = await followup.create_action_item(
        session.id, "重新评估", owner.id, date(2027, 6, 1), assignee, start
    )
    assert (item.session_id, item.title, item.status, item.assignee_id) == (
        session.id,
        "重新评估",
        "open",
        assignee,
    )
    assert await followup.action_items_of(session.id) == (item,)


async def test_action_item_for_an_unknown_owner_names_the_request_field(db) -> None:
    session, _ = await mediation_session("f2")
    start = next_weekday_at(10)
    await booking_service.book_session(
        session.id, start, await make_room("f2"), start - timedelta(days=10)
    )
    with pytest.raises(NotFound) as caught:
        await followup.create_action_item(session.id, "x", uuid4(), date(2027, 6, 1), None, start)
    assert (caught.value.code, caught.value.field) == (
        "organization_not_found",
        "owner_organization_id",
    )
    owner = await organizations.create_organization("住建局", "government_department")
    with pytest.raises(NotFound) as caught:
        await followup.create_action_item(
            session.id, "x", owner.id, date(2027, 6, 1), uuid4(), start
        )
    assert (caught.value.code, caught.value.field) == ("person_not_found", "assignee_id")
