"""A person's ID number and address: accepted when well formed, kept out of the audit log."""

from __future__ import annotations

from uuid import UUID

from core.audit import events_about
from tests.support.api_builders import assert_problem, create_person, get_json

ID_NUMBER = "11010519491231002X"


async def test_an_id_number_and_an_address_are_stored_and_read_back(client, coordinator) -> None:
    person = await create_person(
        client,
        coordinator,
        "张三",
        "zhang@example.cn",
        id_number=ID_NUMBER.lower(),
        address="北京市西城区金融大街7号",
    )
    assert (person["id_number"], person["address"]) == (ID_NUMBER, "北京市西城区金融大街7号")
    assert await get_json(client, f"/api/v1/people/{person['id']}", coordinator) == person

    response = await client.patch(
        f"/api/v1/people/{person['id']}",
        json={"id_number": "110105491231002", "address": None},
        headers=coordinator,
    )
    assert response.status_code == 200, response.text
    assert (response.json()["id_number"], response.json()["address"]) == (
        "110105491231002",
        None,
    )


async def test_a_mistyped_id_number_is_refused_on_create_and_on_patch(client, coordinator) -> None:
    mistyped = ID_NUMBER[:-1] + "1"
    response = await client.post(
        "/api/v1/people",
        json={"name": "张三", "email": "zhang@example.cn", "id_number": mistyped},
        headers=coordinator,
    )
    assert_problem(response, 422, "invalid_id_number", "id_number")
    person = await create_person(client, coordinator, "张三", "zhang@example.cn")
    response = await client.patch(
        f"/api/v1/people/{person['id']}", json={"id_number": mistyped}, headers=coordinator
    )
    assert_problem(response, 422, "invalid_id_number", "id_number")
    for malformed in ("1234", "11010519491231002Y"):
        response = await client.patch(
            f"/api/v1/people/{person['id']}", json={"id_number": malformed}, headers=coordinator
        )
        assert response.status_code == 400, response.text
    unchanged = await get_json(client, f"/api/v1/people/{person['id']}", coordinator)
    assert unchanged["id_number"] is None


async def test_the_audit_log_names_changed_personal_data_without_copying_it(
    client, coordinator
) -> None:
    person = await create_person(client, coordinator, "张三", "zhang@example.cn")
    response = await client.patch(
        f"/api/v1/people/{person['id']}",
        json={"phone": "13812345678", "id_number": ID_NUMBER, "timezone": "Asia/Urumqi"},
        headers=coordinator,
    )
    assert response.status_code == 200, response.text

    events = await events_about([("person", UUID(person["id"]))])
    [updated] = [event for event in events if event.action == "person.updated"]
    # The log names the fields that changed; it copies no value, personal or not.
    assert updated.data == {"fields": ["id_number", "phone", "timezone"]}
