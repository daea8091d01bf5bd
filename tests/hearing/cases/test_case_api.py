"""Cases over HTTP: create, list with filters, read, update and delete."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.support.api_builders import assert_problem
from tests.support.flow import SHANGHAI, post_ok


async def get_json(client: Any, path: str, headers: dict[str, str], **params: Any) -> Any:
    response = await client.get(path, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_case_is_registered_today_by_default_and_can_be_updated_and_deleted(
    client, coordinator
) -> None:
    case = await post_ok(client, "/api/v1/cases", coordinator, {"reference": "XF-1", "title": "甲"})
    assert case["confidentiality"] == "none"
    # Today in the default jurisdiction's zone (Asia/Shanghai), not in UTC.
    assert case["registered_on"] == datetime.now(SHANGHAI).date().isoformat()
    path = f"/api/v1/cases/{case['id']}"
    assert await get_json(client, path, coordinator) == case

    response = await client.patch(
        path, json={"confidentiality": "privacy", "summary": "涉及个人隐私"}, headers=coordinator
    )
    assert response.status_code == 200, response.text
    assert response.json() == {**case, "confidentiality": "privacy", "summary": "涉及个人隐私"}

    assert (await client.delete(path, headers=coordinator)).status_code == 204
    assert_problem(await client.get(path, headers=coordinator), 404, "case_not_found", "id")


async def test_cases_filter_by_reference_and_confidentiality(client, coordinator) -> None:
    for reference, confidentiality in (
        ("XF-2026-1", "none"),
        ("XF-2026-2", "privacy"),
        ("XF-2025-9", "none"),
    ):
        await post_ok(
            client,
            "/api/v1/cases",
            coordinator,
            {"reference": reference, "title": "甲", "confidentiality": confidentiality},
        )
    this_year = await get_json(client, "/api/v1/cases", coordinator, reference="2026")
    assert [c["reference"] for c in this_year["items"]] == ["XF-2026-1", "XF-2026-2"]
    open_2026 = await get_json(
        client, "/api/v1/cases", coordinator, reference="2026", confidentiality="none"
    )
    assert [c["reference"] for c in open_2026["items"]] == ["XF-2026-1"]
    paged = await get_json(client, "/api/v1/cases", coordinator, limit=2, offset=1)
    assert [c["reference"] for c in paged["items"]] == ["XF-2026-1", "XF-2026-2"]
    assert paged["total"] == 3
