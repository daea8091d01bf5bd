"""The audit log: every write through the API leaves an event, and events never change."""

from __future__ import annotations

from typing import Any

import pytest

from core.tables import AuditEvent
from parties.tables import Account
from tests.support.api_builders import answer, booked_mediation, cancel
from tests.support.flow import post_ok


async def events() -> list[dict[str, Any]]:
    return list(await AuditEvent.select().order_by(AuditEvent.id).output(load_json=True))


async def test_every_write_leaves_an_audit_event_naming_the_actor(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    session_id = setup["session"]["id"]
    await answer(client, coordinator, session_id, "ACCEPTED", setup["mediator"]["id"])
    await cancel(client, coordinator, session_id, "改期")
    room_path = f"/api/v1/rooms/{setup['room']['id']}"
    assert (
        await client.patch(room_path, json={"capacity": 8}, headers=coordinator)
    ).status_code == 200

    logged = await events()
    actions = [event["action"] for event in logged]
    for action, count in (
        ("organization.created", 2),
        ("person.created", 3),
        ("room.created", 1),
        ("case.created", 1),
        ("session.created", 1),
        ("session.booked", 1),
        ("session.rsvp", 1),
        ("session.cancelled", 1),
        ("room.updated", 1),
    ):
        assert actions.count(action) == count, (action, actions)
    coordinator_id = (
        await Account.select(Account.id).where(Account.email == "coordinator@test.example").first()
    )["id"]
    api_events = [event for event in logged if event["action"] != "account.created"]
    assert {event["actor_account_id"] for event in api_events} == {coordinator_id}
    # Events point at what they are about.
    cancelled = next(event for event in logged if event["action"] == "session.cancelled")
    assert (cancelled["entity"], cancelled["entity_id"]) == ("session", session_id)
    assert cancelled["data"] == {"reason": "改期"}
    assert [event["id"] for event in logged] == sorted(event["id"] for event in logged)


async def test_a_refused_write_leaves_no_audit_event(client, coordinator) -> None:
    await post_ok(client, "/api/v1/cases", coordinator, {"reference": "XF-1", "title": "甲"})
    before = len(await events())
    response = await client.post(
        "/api/v1/cases", json={"reference": "XF-1", "title": "乙"}, headers=coordinator
    )
    assert response.status_code == 409
    assert len(await events()) == before


async def test_audit_events_cannot_be_updated_or_deleted(db) -> None:
    await AuditEvent.insert(AuditEvent(action="test.written", entity="test", entity_id="1"))
    with pytest.raises(Exception, match="append-only"):
        await AuditEvent.update({AuditEvent.action: "test.rewritten"}, force=True)
    with pytest.raises(Exception, match="append-only"):
        await AuditEvent.delete().where(AuditEvent.entity_id == "1")
    with pytest.raises(Exception, match="append-only"):
        await AuditEvent.delete(force=True)
    [event] = await events()
    assert event["action"] == "test.written"
