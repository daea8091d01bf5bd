"""Organisations through the API: paging, filters, read, rename and delete."""

from __future__ import annotations

from tests.support.api_builders import assert_problem, get_json
from tests.support.flow import post_ok


async def test_organizations_are_listed_by_name_in_pages(client, coordinator) -> None:
    for name, kind in (
        ("C 律师事务所", "law_firm"),
        ("A 住建局", "government_department"),
        ("B 调解中心", "mediation_body"),
    ):
        await post_ok(client, "/api/v1/organizations", coordinator, {"name": name, "kind": kind})

    first = await get_json(client, "/api/v1/organizations", coordinator, limit=2)
    assert (first["total"], first["limit"], first["offset"]) == (3, 2, 0)
    assert [o["name"] for o in first["items"]] == ["A 住建局", "B 调解中心"]
    second = await get_json(client, "/api/v1/organizations", coordinator, limit=2, offset=2)
    assert (second["total"], second["offset"]) == (3, 2)
    assert [o["name"] for o in second["items"]] == ["C 律师事务所"]
    beyond = await get_json(client, "/api/v1/organizations", coordinator, offset=10)
    assert beyond["items"] == [] and beyond["total"] == 3


async def test_organizations_filter_by_name_part_and_kind(client, coordinator) -> None:
    for name, kind in (("市住建局", "government_department"), ("区住建局", "other")):
        await post_ok(client, "/api/v1/organizations", coordinator, {"name": name, "kind": kind})
    await post_ok(
        client, "/api/v1/organizations", coordinator, {"name": "调解中心", "kind": "mediation_body"}
    )

    by_name = await get_json(client, "/api/v1/organizations", coordinator, name="住建")
    assert by_name["total"] == 2
    by_both = await get_json(
        client, "/api/v1/organizations", coordinator, name="住建", kind="other"
    )
    assert [o["name"] for o in by_both["items"]] == ["区住建局"]
    assert by_both["total"] == 1


async def test_organization_can_be_read_renamed_and_deleted(client, coordinator) -> None:
    created = await post_ok(
        client, "/api/v1/organizations", coordinator, {"name": "住建局", "kind": "other"}
    )
    path = f"/api/v1/organizations/{created['id']}"
    assert await get_json(client, path, coordinator) == created

    response = await client.patch(path, json={"name": "市住建局"}, headers=coordinator)
    assert response.status_code == 200, response.text
    assert response.json() == {**created, "name": "市住建局"}
    assert (await get_json(client, path, coordinator))["name"] == "市住建局"

    response = await client.delete(path, headers=coordinator)
    assert response.status_code == 204
    assert_problem(await client.get(path, headers=coordinator), 404, "organization_not_found", "id")
    assert_problem(
        await client.delete(path, headers=coordinator), 404, "organization_not_found", "id"
    )
