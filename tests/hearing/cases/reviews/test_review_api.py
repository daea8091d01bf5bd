"""Reviews (复查) and re-reviews (复核) over HTTP, and a new case on a final matter."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.support.api_builders import assert_problem, get_json
from tests.support.flow import SHANGHAI, post_ok


def days_ago(days: int) -> str:
    return (datetime.now(SHANGHAI).date() - timedelta(days=days)).isoformat()


async def closed_case(client: Any, headers: dict[str, str], reference: str, closed: int) -> Any:
    body = {
        "reference": reference,
        "title": "补偿争议",
        "registered_on": days_ago(closed + 20),
        "accepted_on": days_ago(closed + 20),
    }
    case = await post_ok(client, "/api/v1/cases", headers, body)
    closing = {"closed_on": days_ago(closed), "reply_summary": "已答复"}
    return await post_ok(client, f"/api/v1/cases/{case['id']}/close", headers, closing, 200)


async def test_review_and_re_review_are_shown_on_the_case_then_the_matter_is_final(
    client, coordinator
) -> None:
    case = await closed_case(client, coordinator, "XF-1", closed=70)
    requests = f"/api/v1/cases/{case['id']}/review-requests"
    reviewed = await post_ok(
        client, requests, coordinator, {"level": "review", "requested_on": days_ago(40)}
    )
    (review,) = reviewed["reviews"]
    assert (review["level"], review["deadline"], review["light"]) == (
        "review",
        days_ago(10),
        "red",
    )
    decided = await post_ok(
        client,
        f"{requests}/{review['id']}/decision",
        coordinator,
        {"decided_on": days_ago(12), "decision": "维持原处理意见"},
        200,
    )
    assert (decided["reviews"][0]["decided_on"], decided["reviews"][0]["light"]) == (
        days_ago(12),
        "closed",
    )
    re_reviewed = await post_ok(
        client, requests, coordinator, {"level": "re_review", "requested_on": days_ago(2)}
    )
    re_review = re_reviewed["reviews"][1]
    assert (re_review["level"], re_review["deadline"], re_review["light"]) == (
        "re_review",
        days_ago(-28),
        "green",
    )
    assert await get_json(client, f"/api/v1/cases/{case['id']}", coordinator) == re_reviewed
    await post_ok(
        client,
        f"{requests}/{re_review['id']}/decision",
        coordinator,
        {"decided_on": days_ago(0), "decision": "复核维持"},
        200,
    )
    again = await client.post(
        "/api/v1/cases",
        json={"reference": "XF-2", "title": "再次信访", "prior_case_id": case["id"]},
        headers=coordinator,
    )
    assert_problem(again, 409, "matter_final", "prior_case_id")


async def test_review_requests_outside_the_rules_are_refused(client, coordinator) -> None:
    case = await closed_case(client, coordinator, "XF-3", closed=31)
    requests = f"/api/v1/cases/{case['id']}/review-requests"
    late = await client.post(
        requests, json={"level": "review", "requested_on": days_ago(0)}, headers=coordinator
    )
    assert_problem(late, 422, "review_window_passed", "requested_on")
    first = await client.post(
        requests, json={"level": "re_review", "requested_on": days_ago(1)}, headers=coordinator
    )
    assert_problem(first, 422, "review_required", "level")
    open_case = await post_ok(
        client, "/api/v1/cases", coordinator, {"reference": "XF-4", "title": "未结"}
    )
    not_closed = await client.post(
        f"/api/v1/cases/{open_case['id']}/review-requests",
        json={"level": "review", "requested_on": days_ago(0)},
        headers=coordinator,
    )
    assert_problem(not_closed, 409, "case_not_closed", "level")
