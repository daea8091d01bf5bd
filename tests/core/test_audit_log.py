"""The audit log: every write through the API leaves an event, events are chained, and the
database refuses to change, remove or slip in entries."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from core.audit import NOT_RECORDED, record_event
from core.audit_trail.chain import GENESIS_HASH, walk
from core.audit_trail.service import chained_entry
from core.db import write_transaction
from core.tables import AuditEvent
from parties.tables import Account
from tests.support.api_builders import answer, booked_mediation, cancel
from tests.support.audit import audit_rows
from tests.support.flow import post_ok


async def events() -> list[dict[str, Any]]:
    return await audit_rows()


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
    assert [event["seq"] for event in logged] == list(range(1, len(logged) + 1))
    assert walk(chained_entry(event) for event in logged).fault is None


async def test_a_refused_write_leaves_no_audit_event(client, coordinator) -> None:
    await post_ok(client, "/api/v1/cases", coordinator, {"reference": "XF-1", "title": "甲"})
    before = len(await events())
    response = await client.post(
        "/api/v1/cases", json={"reference": "XF-1", "title": "乙"}, headers=coordinator
    )
    assert response.status_code == 409
    assert len(await events()) == before


async def test_each_entry_names_the_hash_of_the_one_before(db) -> None:
    await record_event("test.first", "test", "1", {"n": 1})
    await record_event("test.second", "test", "1", {"n": 2}, before={"n": 1})

    first, second = await events()

    assert (first["seq"], first["prev_hash"]) == (1, GENESIS_HASH)
    assert (second["seq"], second["prev_hash"]) == (2, first["hash"])
    assert second["before"] == {"n": 1}
    assert walk([chained_entry(first), chained_entry(second)]).fault is None


async def test_a_rolled_back_change_takes_its_entry_and_leaves_no_gap(db) -> None:
    await record_event("test.kept", "test", "1")
    with pytest.raises(RuntimeError):
        async with write_transaction():
            await record_event("test.rolled_back", "test", "1")
            raise RuntimeError("the change fails after its entry was written")
    await record_event("test.kept", "test", "2")

    logged = await events()

    assert [(e["seq"], e["action"]) for e in logged] == [(1, "test.kept"), (2, "test.kept")]
    assert walk(chained_entry(event) for event in logged).fault is None


async def test_concurrent_writers_extend_one_chain_without_forks_or_gaps(db) -> None:
    async def change(n: int) -> None:
        async with write_transaction():
            await record_event("test.concurrent", "test", str(n), {"n": n})

    await asyncio.gather(*(change(n) for n in range(24)))

    logged = await events()
    assert [event["seq"] for event in logged] == list(range(1, 25))
    assert sorted(event["data"]["n"] for event in logged) == list(range(24))
    assert walk(chained_entry(event) for event in logged).fault is None


async def test_contact_details_never_reach_the_log_whoever_records_them(db) -> None:
    await record_event(
        "test.careless",
        "person",
        "1",
        {"phone": "13812345678", "nested": [{"email": "zhang@example.cn"}], "name_field": "ok"},
        before={"address": "北京市朝阳区", "id_number": None},
    )

    [event] = await events()

    assert event["data"] == {
        "phone": NOT_RECORDED,
        "nested": [{"email": NOT_RECORDED}],
        "name_field": "ok",
    }
    assert event["before"] == {"address": NOT_RECORDED, "id_number": None}
    assert walk([chained_entry(event)]).fault is None


async def test_people_s_entries_name_the_fields_that_changed_not_their_values(
    client, coordinator
) -> None:
    body = {"name": "张三", "email": "zhangsan@example.cn", "phone": "13812345678"}
    person = await post_ok(client, "/api/v1/people", coordinator, body)
    changed = await client.patch(
        f"/api/v1/people/{person['id']}",
        json={"phone": "13987654321", "email": "zs@example.cn"},
        headers=coordinator,
    )
    assert changed.status_code == 200, changed.text

    logged = [e for e in await events() if e["entity"] == "person"]

    assert [(e["action"], e["entity_id"], e["data"]) for e in logged] == [
        (
            "person.created",
            person["id"],
            {"fields": ["email", "locale", "name", "phone", "timezone"]},
        ),
        ("person.updated", person["id"], {"fields": ["email", "phone"]}),
    ]
    text = repr(await events())
    for value in ("13812345678", "13987654321", "zhangsan@example.cn", "zs@example.cn", "张三"):
        assert value not in text


async def test_audit_events_cannot_be_updated_or_deleted(db) -> None:
    await record_event("test.written", "test", "1")
    with pytest.raises(Exception, match="append-only"):
        await AuditEvent.update({AuditEvent.action: "test.rewritten"}, force=True)
    with pytest.raises(Exception, match="append-only"):
        await AuditEvent.delete().where(AuditEvent.entity_id == "1")
    with pytest.raises(Exception, match="append-only"):
        await AuditEvent.delete(force=True)
    [event] = await events()
    assert event["action"] == "test.written"


async def test_an_insert_that_does_not_extend_the_chain_is_refused(db) -> None:
    await record_event("test.written", "test", "1")
    [head] = await events()
    forgeries = (
        {"seq": 2, "prev_hash": "f" * 64},
        {"seq": 1, "prev_hash": GENESIS_HASH},
        {"seq": 3, "prev_hash": head["hash"]},
        {"seq": 0, "prev_hash": ""},
    )
    for forged in forgeries:
        with pytest.raises(Exception, match="extend the chain"):
            await AuditEvent.insert(
                AuditEvent(action="test.forged", entity="test", entity_id="1", **forged)
            )
    assert [event["action"] for event in await events()] == ["test.written"]
