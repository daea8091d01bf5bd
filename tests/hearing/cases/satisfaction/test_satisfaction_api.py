"""Satisfaction over HTTP: a closed case is rated; the report counts per handling organisation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.support.api_builders import assert_problem, get_json
from tests.support.flow import SHANGHAI, post_ok


async def handled_case(
    client: Any, headers: dict[str, str], reference: str, organization_id: str
) -> Any:
    today = datetime.now(SHANGHAI).date().isoformat()
    body = {
        "reference": reference,
        "title": "补偿争议",
        "accepted_on": today,
        "handling_organization_id": organization_id,
    }
    case = await post_ok(client, "/api/v1/cases", headers, body)
    assert case["handling_organization_id"] == organization_id
    return case


async def test_closed_cases_are_rated_and_reported_per_handling_organisation(
    client, coordinator
) -> None:
    housing = await post_ok(
        client,
        "/api/v1/organizations",
        coordinator,
        {"name": "住建局", "kind": "government_department"},
    )
    case = await handled_case(client, coordinator, "XF-1", housing["id"])
    path = f"/api/v1/cases/{case['id']}"
    early = await client.post(
        f"{path}/satisfaction", json={"rating": "satisfied"}, headers=coordinator
    )
    assert_problem(early, 409, "case_not_closed", "rating")
    closing = {"closed_on": case["registered_on"], "reply_summary": "已答复"}
    await post_ok(client, f"{path}/close", coordinator, closing, 200)
    rating = {"rating": "not_satisfied", "comment": "补偿偏低"}
    rated = await post_ok(client, f"{path}/satisfaction", coordinator, rating, 200)
    assert (rated["satisfaction"], rated["satisfaction_comment"]) == ("not_satisfied", "补偿偏低")
    unknown = await client.post(
        f"{path}/satisfaction", json={"rating": "delighted"}, headers=coordinator
    )
    assert unknown.status_code == 400

    report = await get_json(client, "/api/v1/reports/satisfaction", coordinator)
    assert report == {
        "items": [
            {
                "organization_id": housing["id"],
                "satisfied": 0,
                "basically_satisfied": 0,
                "not_satisfied": 1,
                "total": 1,
            }
        ]
    }


async def test_an_unknown_handling_organisation_is_refused(client, coordinator) -> None:
    response = await client.post(
        "/api/v1/cases",
        json={
            "reference": "XF-2",
            "title": "甲",
            "handling_organization_id": "00000000-0000-0000-0000-000000000001",
        },
        headers=coordinator,
    )
    assert_problem(response, 404, "organization_not_found", "handling_organization_id")
