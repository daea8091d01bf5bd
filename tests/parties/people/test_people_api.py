"""People through the API: defaults, filters, partial updates and who sees the feed URL."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from tests.support.api_builders import assert_problem, create_person, get_json, participant_login
from tests.support.flow import post_ok


async def test_person_is_created_with_defaults_and_a_calendar_feed(client, coordinator) -> None:
    person = await create_person(client, coordinator, "张三", "zhang@example.cn")
    assert person["timezone"] == "Asia/Shanghai"
    assert person["locale"] == "zh-CN"
    assert person["phone"] is None and person["organization_id"] is None
    feed = person["calendar_feed_url"]
    assert feed.startswith("http://testserver/api/v1/calendars/")
    assert feed.endswith(".ics")
    assert await get_json(client, f"/api/v1/people/{person['id']}", coordinator) == person


async def test_people_filter_by_name_email_and_organization_in_pages(client, coordinator) -> None:
    org = await post_ok(
        client, "/api/v1/organizations", coordinator, {"name": "住建局", "kind": "other"}
    )
    await create_person(
        client, coordinator, "王科长", "wang@example.gov.cn", organization_id=org["id"]
    )
    await create_person(client, coordinator, "王副科长", "wang2@example.gov.cn")
    await create_person(client, coordinator, "张三", "zhang@example.cn")

    everyone = await get_json(client, "/api/v1/people", coordinator, limit=2)
    assert (everyone["total"], len(everyone["items"]), everyone["limit"]) == (3, 2, 2)
    rest = await get_json(client, "/api/v1/people", coordinator, limit=2, offset=2)
    assert len(rest["items"]) == 1
    names = {p["name"] for p in everyone["items"] + rest["items"]}
    assert names == {"王科长", "王副科长", "张三"}

    assert (await get_json(client, "/api/v1/people", coordinator, name="王"))["total"] == 2
    by_email = await get_json(client, "/api/v1/people", coordinator, email="zhang@example.cn")
    assert [p["name"] for p in by_email["items"]] == ["张三"]
    by_org = await get_json(client, "/api/v1/people", coordinator, organization_id=org["id"])
    assert [p["name"] for p in by_org["items"]] == ["王科长"]


async def test_person_patch_changes_only_the_fields_sent_and_delete_removes_them(
    client, coordinator
) -> None:
    org = await post_ok(
        client, "/api/v1/organizations", coordinator, {"name": "住建局", "kind": "other"}
    )
    person = await create_person(
        client, coordinator, "王科长", "wang@example.gov.cn", organization_id=org["id"]
    )
    path = f"/api/v1/people/{person['id']}"

    response = await client.patch(
        path, json={"timezone": "Europe/Berlin", "phone": "+86 10 1234"}, headers=coordinator
    )
    assert response.status_code == 200, response.text
    assert response.json() == {**person, "timezone": "Europe/Berlin", "phone": "+86 10 1234"}

    response = await client.patch(path, json={"organization_id": None}, headers=coordinator)
    assert response.json()["organization_id"] is None
    assert response.json()["timezone"] == "Europe/Berlin"

    assert (await client.delete(path, headers=coordinator)).status_code == 204
    assert_problem(await client.get(path, headers=coordinator), 404, "person_not_found", "id")


async def test_person_patch_to_a_taken_email_or_unknown_organization_is_refused(
    client, coordinator
) -> None:
    await create_person(client, coordinator, "张三", "zhang@example.cn")
    other = await create_person(client, coordinator, "李四", "li@example.cn")
    path = f"/api/v1/people/{other['id']}"
    response = await client.patch(path, json={"email": "zhang@example.cn"}, headers=coordinator)
    assert_problem(response, 409, "email_taken", "email")
    response = await client.patch(path, json={"email": "li@example.cn"}, headers=coordinator)
    assert response.status_code == 200, "keeping one's own email is no conflict"
    response = await client.patch(path, json={"organization_id": str(uuid4())}, headers=coordinator)
    assert_problem(response, 404, "organization_not_found", "organization_id")


async def me_and_someone_else(client, coordinator) -> tuple[Any, Any, dict[str, str]]:
    """Two people, and the participant login of the first."""
    me = await create_person(client, coordinator, "张三", "zhang@example.cn")
    other = await create_person(client, coordinator, "李四", "li@example.cn")
    return me, other, await participant_login(client, me)


async def test_participant_sees_their_own_feed_url_but_not_other_people(
    client, coordinator
) -> None:
    me, other, mine = await me_and_someone_else(client, coordinator)

    own = await get_json(client, f"/api/v1/people/{me['id']}", mine)
    assert own["calendar_feed_url"] == me["calendar_feed_url"]
    assert own["calendar_feed_url"].startswith("http://testserver/")
    assert own["calendar_feed_url"].endswith(".ics")
    # A stranger is as unknown to them as a missing person.
    response = await client.get(f"/api/v1/people/{other['id']}", headers=mine)
    assert_problem(response, 404, "person_not_found", "id")
    assert_problem(await client.get("/api/v1/people", headers=mine), 403, "role_not_allowed")


async def test_participant_rotates_their_own_feed_but_not_another_persons(
    client, coordinator
) -> None:
    me, other, mine = await me_and_someone_else(client, coordinator)

    own = await post_ok(client, f"/api/v1/people/{me['id']}/calendar-feed/rotate", mine, None, 200)
    assert own["calendar_feed_url"] != me["calendar_feed_url"]
    assert own["calendar_feed_url"].endswith(".ics")
    response = await client.post(f"/api/v1/people/{other['id']}/calendar-feed/rotate", headers=mine)
    assert_problem(response, 403, "not_your_record", "person_id")
    assert await get_json(client, f"/api/v1/people/{other['id']}", coordinator) == other
