"""The case clock over HTTP: accept, extension, close, the light on reads and as a list filter."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.support.api_builders import (
    assert_problem,
    create_person,
    get_json,
    participant_login,
)
from tests.support.flow import SHANGHAI, post_ok


def days_ago(days: int) -> str:
    return (datetime.now(SHANGHAI).date() - timedelta(days=days)).isoformat()


async def new_case(client: Any, headers: dict[str, str], reference: str, **extra: Any) -> Any:
    return await post_ok(
        client, "/api/v1/cases", headers, {"reference": reference, "title": "补偿争议", **extra}
    )


async def test_a_case_is_accepted_extended_and_closed_with_its_clock_on_the_read(
    client, coordinator
) -> None:
    case = await new_case(client, coordinator, "XF-1", registered_on=days_ago(62))
    assert (case["acceptance_deadline"], case["light"]) == (days_ago(47), "red")
    assert case["handling_deadline"] is None and case["reviews"] == []
    path = f"/api/v1/cases/{case['id']}"

    accepted = await post_ok(
        client, f"{path}/accept", coordinator, {"accepted_on": days_ago(60)}, 200
    )
    assert (accepted["accepted_on"], accepted["handling_deadline"]) == (days_ago(60), days_ago(0))
    assert accepted["light"] == "red"

    extension = {"days": 30, "reason": "需补充鉴定"}
    extended = await post_ok(client, f"{path}/extension", coordinator, extension, 200)
    assert (extended["extended_until"], extended["extension_reason"]) == (
        days_ago(-30),
        "需补充鉴定",
    )
    assert extended["light"] == "amber"

    closing = {"closed_on": days_ago(0), "reply_summary": "已书面答复信访人"}
    closed = await post_ok(client, f"{path}/close", coordinator, closing, 200)
    assert (closed["closed_on"], closed["reply_summary"], closed["light"]) == (
        days_ago(0),
        "已书面答复信访人",
        "closed",
    )
    assert await get_json(client, path, coordinator) == closed


async def test_clock_rules_answer_with_their_problem_codes(client, coordinator) -> None:
    case = await new_case(client, coordinator, "XF-2", registered_on=days_ago(10))
    path = f"/api/v1/cases/{case['id']}"
    early = await client.post(
        f"{path}/accept", json={"accepted_on": days_ago(11)}, headers=coordinator
    )
    assert_problem(early, 422, "accepted_before_registration", "accepted_on")
    await post_ok(client, f"{path}/accept", coordinator, {"accepted_on": days_ago(9)}, 200)

    for body, status, code, field in (
        ({"days": 31, "reason": "复杂"}, 422, "extension_too_long", "days"),
        ({"days": 10, "reason": " "}, 422, "reason_required", "reason"),
    ):
        response = await client.post(f"{path}/extension", json=body, headers=coordinator)
        assert_problem(response, status, code, field)
    await post_ok(client, f"{path}/extension", coordinator, {"days": 5, "reason": "复杂"}, 200)
    again = await client.post(
        f"{path}/extension", json={"days": 5, "reason": "再延"}, headers=coordinator
    )
    assert_problem(again, 409, "extension_already_granted", "days")


async def test_cases_are_listed_by_light_a_page_at_a_time(client, coordinator) -> None:
    for reference, age in (("A-44", 44), ("A-45", 45), ("A-50", 50), ("A-59", 59), ("A-60", 60)):
        await new_case(
            client, coordinator, reference, registered_on=days_ago(age), accepted_on=days_ago(age)
        )
    await new_case(client, coordinator, "P-16", registered_on=days_ago(16))
    amber = await get_json(client, "/api/v1/cases", coordinator, light="amber", limit=2)
    assert [c["reference"] for c in amber["items"]] == ["A-45", "A-50"]
    assert (amber["total"], {c["light"] for c in amber["items"]}) == (3, {"amber"})
    red = await get_json(client, "/api/v1/cases", coordinator, light="red")
    assert [c["reference"] for c in red["items"]] == ["A-60", "P-16"]
    green = await get_json(client, "/api/v1/cases", coordinator, light="green")
    assert [c["reference"] for c in green["items"]] == ["A-44"]
    closed = await get_json(client, "/api/v1/cases", coordinator, light="closed")
    assert closed["total"] == 0
    wrong = await client.get("/api/v1/cases", params={"light": "blue"}, headers=coordinator)
    assert wrong.status_code == 400


async def test_a_participant_is_refused_every_case_endpoint(client, coordinator) -> None:
    case = await new_case(client, coordinator, "XF-3", registered_on=days_ago(3))
    person = await create_person(client, coordinator, "张三", "zhang@example.cn")
    participant = await participant_login(client, person)
    path = f"/api/v1/cases/{case['id']}"
    for endpoint, body in (
        ("accept", {"accepted_on": days_ago(1)}),
        ("extension", {"days": 5, "reason": "复杂"}),
        ("close", {"closed_on": days_ago(0), "reply_summary": "答复"}),
        ("satisfaction", {"rating": "satisfied"}),
        ("review-requests", {"level": "review", "requested_on": days_ago(0)}),
    ):
        response = await client.post(f"{path}/{endpoint}", json=body, headers=participant)
        assert_problem(response, 403, "role_not_allowed")
    decision = {"decided_on": days_ago(0), "decision": "维持"}
    response = await client.post(
        f"{path}/review-requests/{case['id']}/decision", json=decision, headers=participant
    )
    assert_problem(response, 403, "role_not_allowed")
    for read in (path, "/api/v1/cases", "/api/v1/reports/satisfaction"):
        assert_problem(await client.get(read, headers=participant), 403, "role_not_allowed")
    unchanged = await get_json(client, path, coordinator)
    assert unchanged == case
