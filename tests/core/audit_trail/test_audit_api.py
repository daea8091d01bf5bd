"""GET /api/v1/audit: the chain for administrators, filtered by entity and paged; 403 for every
other role, 401 without a login."""

from __future__ import annotations

from itertools import pairwise

from core.access import Role
from core.audit_trail.chain import GENESIS_HASH
from parties.accounts import service as accounts
from tests.conftest import PASSWORD, login
from tests.support.api_builders import assert_problem
from tests.support.flow import post_ok


async def _admin(client) -> dict[str, str]:
    await accounts.create_account("admin@test.example", PASSWORD, Role.ADMIN)
    return await login(client, "admin@test.example")


async def test_an_admin_reads_the_chain_about_one_entity(client, coordinator) -> None:
    admin = await _admin(client)
    case = await post_ok(client, "/api/v1/cases", coordinator, {"reference": "XF-9", "title": "甲"})
    await post_ok(client, "/api/v1/cases", coordinator, {"reference": "XF-10", "title": "乙"})

    response = await client.get(
        "/api/v1/audit",
        params={"entity": "case", "entity_id": case["id"]},
        headers=admin,
    )

    assert response.status_code == 200, response.text
    body = response.json()
    [entry] = body["items"]
    assert body["total"] == 1
    assert set(entry) == {
        "seq",
        "at",
        "actor",
        "action",
        "entity",
        "entity_id",
        "before",
        "after",
        "prev_hash",
        "hash",
    }
    assert (entry["action"], entry["entity_id"]) == ("case.created", case["id"])
    assert entry["after"] == {"reference": "XF-9"}
    assert entry["before"] is None
    assert entry["actor"] is not None


async def test_the_whole_chain_pages_oldest_first_each_entry_linked(client, coordinator) -> None:
    admin = await _admin(client)
    for n in range(3):
        await post_ok(client, "/api/v1/cases", coordinator, {"reference": f"P-{n}", "title": "甲"})

    everything = (await client.get("/api/v1/audit", headers=admin)).json()
    page = (
        await client.get("/api/v1/audit", params={"limit": 2, "offset": 1}, headers=admin)
    ).json()

    items = everything["items"]
    assert [item["seq"] for item in items] == list(range(1, everything["total"] + 1))
    assert items[0]["prev_hash"] == GENESIS_HASH
    assert all(later["prev_hash"] == earlier["hash"] for earlier, later in pairwise(items))
    assert [item["seq"] for item in page["items"]] == [2, 3]
    assert (page["limit"], page["offset"], page["total"]) == (2, 1, everything["total"])


async def test_no_other_role_reads_the_audit_log(client, coordinator) -> None:
    await accounts.create_account("archivist@test.example", PASSWORD, Role.ARCHIVIST)
    await accounts.create_account("participant@test.example", PASSWORD, Role.PARTICIPANT)
    archivist = await login(client, "archivist@test.example")
    participant = await login(client, "participant@test.example")

    for headers in (coordinator, archivist, participant):
        assert_problem(await client.get("/api/v1/audit", headers=headers), 403, "role_not_allowed")
    assert (await client.get("/api/v1/audit")).status_code == 401
