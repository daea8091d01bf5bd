"""Declaring a conflict of interest: only for a case that exists, and a refusal stores nothing."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from parties.people import service as people
from tests.support.api_builders import assert_problem, create_person
from tests.support.audit import audit_rows
from tests.support.flow import post_ok


async def test_a_conflict_with_an_unknown_case_is_404_and_nothing_is_stored(
    client: Any, coordinator: dict[str, str]
) -> None:
    person = await create_person(client, coordinator, "李评议", "li.conflict@example.cn")
    unknown_case = uuid4()
    response = await client.post(
        f"/api/v1/people/{person['id']}/conflicts",
        json={"case_id": str(unknown_case), "reason": "与信访人系亲属"},
        headers=coordinator,
    )
    assert_problem(response, 404, "case_not_found", "case_id")
    assert await people.conflicted_people(unknown_case) == frozenset()
    assert await audit_rows("person.conflict_declared") == []


async def test_a_conflict_with_a_known_case_is_stored(
    client: Any, coordinator: dict[str, str]
) -> None:
    person = await create_person(client, coordinator, "李评议", "li.conflict@example.cn")
    case = await post_ok(
        client, "/api/v1/cases", coordinator, {"reference": "CF-1", "title": "征地补偿"}
    )
    response = await client.post(
        f"/api/v1/people/{person['id']}/conflicts",
        json={"case_id": case["id"], "reason": "与信访人系亲属"},
        headers=coordinator,
    )
    assert response.status_code == 204, response.text
    assert await people.conflicted_people(UUID(case["id"])) == {UUID(person["id"])}
    [declared] = await audit_rows("person.conflict_declared")
    assert declared["entity_id"] == person["id"]
