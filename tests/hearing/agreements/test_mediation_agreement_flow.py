"""A mediation through the API, from consent to the follow-up of every term: both parties
consent, state their case and negotiate; the parties and the mediator sign the exact version of
the agreement; its terms become action items, one is done with a progress note, one is
escalated to the department's supervising organisation (its notice is in the outbox, in each
recipient's language) and one gets a follow-up session."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

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


@pytest.fixture(autouse=True)
async def records_open_a_month_ahead(client) -> None:
    """These sessions are booked days ahead and recorded at once: open their record early."""
    await open_records_days_ahead(30)


async def _supervisor_of(client: Any, headers: dict[str, str], organization: dict[str, Any]) -> Any:
    """The municipal supervision office as the department's parent, with two supervisors."""
    office = await post_ok(
        client,
        "/api/v1/organizations",
        headers,
        {"name": "市政府督查室", "kind": "government_department"},
    )
    response = await client.patch(
        f"/api/v1/organizations/{organization['id']}",
        json={"parent_id": office["id"]},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    assert response.json()["parent_id"] == office["id"]
    for name, email, locale in (
        ("陈督查", "chen@duchashi.gov.cn", "zh-CN"),
        ("Zhou, Ming", "zhou@duchashi.gov.cn", "en"),
    ):
        await create_person(
            client, headers, name, email, organization_id=office["id"], locale=locale
        )
    return office


def _agreement_body(setup: dict[str, Any], due: date) -> dict[str, Any]:
    department, petitioner = setup["department"]["id"], setup["petitioner"]["id"]
    return {
        "facts": "2019年征收张三房屋，补偿款按旧标准计算。",
        "disputed_issues": ["补偿标准", "过渡费"],
        "terms": [
            {
                "obligor_id": department,
                "obligation": "按2023年标准重新核算补偿款",
                "manner": "书面核算报告送达信访人",
                "deadline": due.isoformat(),
            },
            {
                "obligor_id": department,
                "obligation": "补发过渡费",
                "manner": "转账至信访人账户",
                "deadline": (due + timedelta(days=15)).isoformat(),
            },
            {
                "obligor_id": petitioner,
                "obligation": "配合入户测量",
                "manner": "约定时间在家",
                "deadline": (due + timedelta(days=5)).isoformat(),
            },
        ],
    }


async def _consent_and_statements(client: Any, headers: dict[str, str], setup: Any) -> None:
    """Both parties consent, each states their case, and the negotiation is held."""
    base = f"/api/v1/sessions/{setup['session']['id']}"
    for party in ("petitioner", "department"):
        body = {"person_id": setup[party]["id"], "consent": True}
        await post_ok(client, f"{base}/consent", headers, body)
    await post_ok(client, f"{base}/procedure/advance", headers, {"step": "consent"}, 200)
    for party, statement in (("petitioner", "补偿款按旧标准计算"), ("department", "愿意重新核算")):
        said = {"person_id": setup[party]["id"], "agenda_item": "补偿标准", "statement": statement}
        await post_ok(client, f"{base}/positions", headers, said)
    for step in ("parties_state", "facilitated_negotiation"):
        await post_ok(client, f"{base}/procedure/advance", headers, {"step": step}, 200)


async def _sign(client: Any, headers: dict[str, str], path: str, person: Any, sha: str) -> Any:
    body = {"person_id": person["id"], "decision": "sign", "version_sha256": sha}
    return await post_ok(client, f"{path}/signatures", headers, body)


async def test_a_mediation_agreement_is_signed_and_every_term_followed_up(
    client, coordinator
) -> None:
    setup = await booked_mediation(client, coordinator, "XF-AG1")
    office = await _supervisor_of(client, coordinator, setup["department_org"])
    session_id = setup["session"]["id"]
    path = f"/api/v1/sessions/{session_id}/agreement"
    due = date.today() + timedelta(days=30)
    await _consent_and_statements(client, coordinator, setup)

    draft = await post_ok(client, path, coordinator, _agreement_body(setup, due))
    assert draft["status"] == "draft"
    assert set(draft["pending_signers"]) == {
        setup[key]["id"] for key in ("petitioner", "department", "mediator")
    }

    petitioner = await participant_login(client, setup["petitioner"])
    signed = await _sign(client, petitioner, path, setup["petitioner"], draft["version_sha256"])
    assert signed["status"] == "signing"
    for_someone_else = await client.post(
        f"{path}/signatures",
        json={
            "person_id": setup["department"]["id"],
            "decision": "sign",
            "version_sha256": draft["version_sha256"],
        },
        headers=petitioner,
    )
    assert_problem(for_someone_else, 403, "not_your_record", "person_id")
    await _sign(client, coordinator, path, setup["department"], draft["version_sha256"])
    effective = await _sign(client, coordinator, path, setup["mediator"], draft["version_sha256"])
    assert (effective["status"], effective["pending_signers"]) == ("effective", [])
    closed = await post_ok(
        client,
        f"/api/v1/sessions/{session_id}/procedure/advance",
        coordinator,
        {"step": "agreement_or_none", "note": "调解协议书已生效"},
        200,
    )
    assert [step["status"] for step in closed["steps"]] == ["done"] * 4

    listed = await get_json(client, "/api/v1/action-items", coordinator, session_id=session_id)
    assert listed["total"] == 3
    reassess, survey, allowance = sorted(listed["items"], key=lambda item: item["due_date"])
    assert {item["status"] for item in listed["items"]} == {"open"}
    assert reassess["owner_organization_id"] == setup["department_org"]["id"]
    # The petitioner belongs to no organisation: the mediation body follows their term up.
    assert survey["assignee_id"] == setup["petitioner"]["id"]
    assert survey["owner_organization_id"] == setup["mediator"]["organization_id"]

    await _done_with_a_note(client, coordinator, reassess)
    await _escalated_to_the_supervisor(client, coordinator, allowance, office)
    await _followed_up_by_a_session(client, coordinator, survey, setup)


async def _done_with_a_note(client: Any, headers: dict[str, str], item: dict[str, Any]) -> None:
    path = f"/api/v1/action-items/{item['id']}"
    refused = await client.patch(path, json={"status": "done"}, headers=headers)
    assert_problem(refused, 422, "progress_note_required", "status")
    noted = await post_ok(client, f"{path}/notes", headers, {"text": "核算报告已送达"})
    assert [note["text"] for note in noted["notes"]] == ["核算报告已送达"]
    done = await client.patch(path, json={"status": "done"}, headers=headers)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "done"


async def _escalated_to_the_supervisor(
    client: Any, headers: dict[str, str], item: dict[str, Any], office: dict[str, Any]
) -> None:
    escalated = await post_ok(
        client,
        f"/api/v1/action-items/{item['id']}/escalate",
        headers,
        {"reason": "住建局未按期补发过渡费"},
        200,
    )
    assert (escalated["status"], escalated["escalated_to"]) == ("escalated", office["id"])
    notices, _ = await outbox.list_messages(10, 0, entity_id=item["id"])
    subjects = {notice["recipient"]: notice["subject"] for notice in notices}
    assert subjects == {
        "chen@duchashi.gov.cn": "督办通知：督办事项已提级至贵单位：补发过渡费",
        "zhou@duchashi.gov.cn": "Supervision notice: action item escalated to you: 补发过渡费",
    }


async def _followed_up_by_a_session(
    client: Any, headers: dict[str, str], item: dict[str, Any], setup: dict[str, Any]
) -> None:
    no_parent = await client.post(
        f"/api/v1/action-items/{item['id']}/escalate", json={"reason": "x"}, headers=headers
    )
    assert_problem(no_parent, 422, "owner_has_no_parent_organization", "owner_organization_id")
    participants = [
        {"person_id": setup[key]["id"], "role": key}
        for key in ("petitioner", "department", "mediator")
    ]
    session = await post_ok(
        client,
        f"/api/v1/action-items/{item['id']}/follow-up-session",
        headers,
        {
            "kind": "mediation",
            "title": "入户测量回访",
            "duration_minutes": 60,
            "participants": participants,
        },
    )
    assert (session["follow_up_of"], session["case_id"]) == (item["id"], setup["case"]["id"])
    linked = await get_json(client, f"/api/v1/action-items/{item['id']}", headers)
    assert linked["follow_up_session_id"] == session["id"]
