"""Follow-up supervision through the API: overdue at once, a supervisor's list per owner,
`concord followup run`, and who may read or change an action item."""

from __future__ import annotations

import argparse
import asyncio
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import cli
from core.outbox import service as outbox
from tests.support.api_builders import (
    assert_problem,
    booked_mediation,
    create_person,
    get_json,
    open_records_days_ahead,
    participant_login,
)
from tests.support.flow import post_ok

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
async def records_open_a_month_ahead(client) -> None:
    """These sessions are booked days ahead and recorded at once: open their record early."""
    await open_records_days_ahead(30)


def days_from_today(days: int) -> str:
    """A date ``days`` from today in the default jurisdiction's zone."""
    return (datetime.now(SHANGHAI).date() + timedelta(days=days)).isoformat()


async def new_item(
    client: Any, headers: dict[str, str], setup: dict[str, Any], due: str, title: str = "整改"
) -> Any:
    return await post_ok(
        client,
        f"/api/v1/sessions/{setup['session']['id']}/action-items",
        headers,
        {"title": title, "owner_organization_id": setup["department_org"]["id"], "due_date": due},
    )


async def test_an_item_created_past_due_reads_overdue_and_is_listed_per_owner(
    client, coordinator
) -> None:
    setup = await booked_mediation(client, coordinator, "XF-OD1")
    created = await new_item(client, coordinator, setup, days_from_today(-1))
    assert created["status"] == "overdue"
    await new_item(client, coordinator, setup, days_from_today(3), "按期事项")
    owner = setup["department_org"]["id"]

    overdue = await get_json(
        client, "/api/v1/action-items", coordinator, status="overdue", owner_organization_id=owner
    )
    assert ([item["id"] for item in overdue["items"]], overdue["total"]) == ([created["id"]], 1)
    assert (overdue["limit"], overdue["offset"]) == (50, 0)
    still_open = await get_json(client, "/api/v1/action-items", coordinator, status="open")
    assert [item["title"] for item in still_open["items"]] == ["按期事项"]
    one = await get_json(client, f"/api/v1/action-items/{created['id']}", coordinator)
    assert (one["status"], one["session_id"]) == ("overdue", setup["session"]["id"])


async def test_concord_followup_run_marks_overdue_items_and_notifies_their_owner(
    client, coordinator, capsys
) -> None:
    setup = await booked_mediation(client, coordinator, "XF-OD2")
    await create_person(
        client,
        coordinator,
        "Wang",
        "wang.od2@zhujian.gov.cn",
        organization_id=setup["department_org"]["id"],
        locale="en",
    )
    item = await new_item(client, coordinator, setup, days_from_today(-2))

    code = await asyncio.to_thread(
        cli.command_followup_run, argparse.Namespace(escalate_after_days=7)
    )
    assert code == 0
    assert "1 item(s) marked overdue; 2 supervision notice(s) queued; 0 escalated" in (
        capsys.readouterr().out
    )
    notices, _ = await outbox.list_messages(10, 0, entity_id=item["id"])
    recipients = {notice["recipient"]: notice["subject"] for notice in notices}
    assert recipients == {
        "wang.od2@zhujian.gov.cn": "Overdue action item: 整改",
        setup["department"]["email"]: "督办事项已逾期：整改",
    }


async def test_organisations_form_a_tree_without_cycles(client, coordinator) -> None:
    city = await post_ok(
        client, "/api/v1/organizations", coordinator, {"name": "市政府", "kind": "other"}
    )
    bureau = await post_ok(
        client,
        "/api/v1/organizations",
        coordinator,
        {"name": "住建局", "kind": "government_department", "parent_id": city["id"]},
    )
    assert bureau["parent_id"] == city["id"]
    cycle = await client.patch(
        f"/api/v1/organizations/{city['id']}", json={"parent_id": bureau["id"]}, headers=coordinator
    )
    assert_problem(cycle, 422, "organization_cycle", "parent_id")
    unknown = await client.post(
        "/api/v1/organizations",
        json={"name": "x", "kind": "other", "parent_id": "00000000-0000-0000-0000-000000000001"},
        headers=coordinator,
    )
    assert_problem(unknown, 422, "parent_organization_not_found", "parent_id")
    detached = await client.patch(
        f"/api/v1/organizations/{bureau['id']}", json={"parent_id": None}, headers=coordinator
    )
    assert detached.json()["parent_id"] is None


async def test_a_participant_reads_only_items_of_their_sessions_and_changes_none(
    client, coordinator
) -> None:
    setup = await booked_mediation(client, coordinator, "XF-AC1")
    mine = await new_item(client, coordinator, setup, days_from_today(5))
    other = await booked_mediation(client, coordinator, "XF-AC2")
    theirs = await new_item(client, coordinator, other, days_from_today(5))
    petitioner = await participant_login(client, setup["petitioner"])

    listed = await get_json(client, "/api/v1/action-items", petitioner)
    assert [item["id"] for item in listed["items"]] == [mine["id"]]
    assert (
        await client.get(f"/api/v1/action-items/{mine['id']}", headers=petitioner)
    ).status_code == 200
    writes = [
        ("PATCH", "", {"status": "done"}),
        ("POST", "/notes", {"text": "x"}),
        ("POST", "/escalate", {"reason": "x"}),
        (
            "POST",
            "/follow-up-session",
            {
                "kind": "mediation",
                "title": "x",
                "duration_minutes": 60,
                "participants": [{"person_id": setup["petitioner"]["id"], "role": "petitioner"}],
            },
        ),
    ]
    for method, suffix, body in writes:
        own = await client.request(
            method, f"/api/v1/action-items/{mine['id']}{suffix}", json=body, headers=petitioner
        )
        assert_problem(own, 403, "role_not_allowed")
        foreign = await client.request(
            method, f"/api/v1/action-items/{theirs['id']}{suffix}", json=body, headers=petitioner
        )
        assert_problem(foreign, 404, "action_item_not_found", "id")
    hidden = await client.get(f"/api/v1/action-items/{theirs['id']}", headers=petitioner)
    assert_problem(hidden, 404, "action_item_not_found", "id")
    assert (await client.get("/api/v1/action-items")).status_code == 401


async def test_a_participant_sees_only_the_agreement_of_their_own_session(
    client, coordinator
) -> None:
    setup = await booked_mediation(client, coordinator, "XF-AC3")
    other = await booked_mediation(client, coordinator, "XF-AC4")
    body = {
        "facts": "事实",
        "disputed_issues": [],
        "terms": [
            {
                "obligor_id": setup["department"]["id"],
                "obligation": "核算",
                "manner": "书面",
                "deadline": date.today().isoformat(),
            }
        ],
    }
    draft = await post_ok(
        client, f"/api/v1/sessions/{setup['session']['id']}/agreement", coordinator, body
    )
    petitioner = await participant_login(client, setup["petitioner"])
    own = await get_json(client, f"/api/v1/sessions/{setup['session']['id']}/agreement", petitioner)
    assert own["version_sha256"] == draft["version_sha256"]
    foreign = f"/api/v1/sessions/{other['session']['id']}/agreement"
    assert_problem(await client.get(foreign, headers=petitioner), 404, "session_not_found", "id")
    signing = {
        "person_id": setup["petitioner"]["id"],
        "decision": "sign",
        "version_sha256": "a" * 64,
    }
    assert_problem(
        await client.post(f"{foreign}/signatures", json=signing, headers=petitioner),
        404,
        "session_not_found",
        "id",
    )
    assert_problem(
        await client.post(foreign, json=body, headers=petitioner), 404, "session_not_found", "id"
    )
    assert_problem(
        await client.post(
            f"/api/v1/sessions/{setup['session']['id']}/agreement", json=body, headers=petitioner
        ),
        403,
        "role_not_allowed",
    )
    stale = await client.post(
        f"/api/v1/sessions/{setup['session']['id']}/agreement/signatures",
        json=signing,
        headers=petitioner,
    )
    assert_problem(stale, 409, "stale_version", "version_sha256")
    refusal = {**signing, "decision": "refuse", "version_sha256": draft["version_sha256"]}
    no_reason = await client.post(
        f"/api/v1/sessions/{setup['session']['id']}/agreement/signatures",
        json=refusal,
        headers=petitioner,
    )
    assert_problem(no_reason, 422, "reason_required", "reason")
