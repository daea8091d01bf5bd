"""Positions, attendance and the record window over HTTP."""

from __future__ import annotations

from tests.support.api_builders import (
    assert_problem,
    booked_mediation,
    get_json,
    open_records_days_ahead,
)
from tests.support.flow import mediation_setup, post_ok


async def test_a_position_is_amended_and_every_version_kept(client, coordinator) -> None:
    h = coordinator
    setup = await booked_mediation(client, h, "XF-41")
    await open_records_days_ahead(30)
    base = f"/api/v1/sessions/{setup['session']['id']}"
    said = {"person_id": setup["petitioner"]["id"], "agenda_item": "补偿标准", "statement": "过低"}
    early = await client.post(f"{base}/positions", json=said, headers=h)
    assert_problem(early, 422, "consent_missing", "person_id")
    for party in ("petitioner", "department"):
        consent = {"person_id": setup[party]["id"], "consent": True}
        await post_ok(client, f"{base}/consent", h, consent)
    await post_ok(client, f"{base}/procedure/advance", h, {"step": "consent"}, 200)

    off_agenda = await client.post(
        f"{base}/positions", json={**said, "agenda_item": "精神损失"}, headers=h
    )
    assert_problem(off_agenda, 422, "unknown_agenda_item", "agenda_item")
    first = await post_ok(client, f"{base}/positions", h, said)
    amended = await post_ok(
        client, f"{base}/positions", h, {**said, "statement": "接受评估价", "requests": "尽快支付"}
    )

    assert (first["version"], amended["version"]) == (1, 2)
    [current] = (await get_json(client, f"{base}/record", h))["positions"]
    assert (current["id"], current["statement"], current["requests"]) == (
        amended["id"],
        "接受评估价",
        "尽快支付",
    )
    assert [(v["version"], v["statement"]) for v in current["versions"]] == [
        (1, "过低"),
        (2, "接受评估价"),
    ]
    assert current["versions"][0]["superseded_at"] is not None


async def test_a_withdrawal_ends_the_mediation_and_its_record(client, coordinator) -> None:
    h = coordinator
    setup = await booked_mediation(client, h, "XF-42")
    base = f"/api/v1/sessions/{setup['session']['id']}"
    leaving = {"person_id": setup["department"]["id"], "status": "withdrew"}

    early = await client.post(f"{base}/attendance", json=leaving, headers=h)
    assert_problem(early, 422, "session_not_started", "id")
    await open_records_days_ahead(30)
    no_reason = await client.post(f"{base}/attendance", json=leaving, headers=h)
    assert_problem(no_reason, 422, "withdrawal_reason_required", "note")
    await post_ok(client, f"{base}/attendance", h, {**leaving, "note": "需请示上级"})

    record = await get_json(client, f"{base}/record", h)
    assert record["session"]["status"] == "ended"
    [withdrawal] = record["procedure"]["withdrawals"]
    assert (withdrawal["person_id"], withdrawal["reason"]) == (
        setup["department"]["id"],
        "需请示上级",
    )
    agreed = await client.post(
        f"{base}/outcomes", json={"agenda_item": "补偿标准", "status": "agreed"}, headers=h
    )
    assert_problem(agreed, 409, "session_ended", "id")


async def test_an_unbooked_session_has_no_record(client, coordinator) -> None:
    setup = await mediation_setup(client, coordinator, "XF-43")
    response = await client.post(
        f"/api/v1/sessions/{setup['session']['id']}/attendance",
        json={"person_id": setup["petitioner"]["id"], "status": "present"},
        headers=coordinator,
    )
    assert_problem(response, 422, "session_not_booked", "id")
