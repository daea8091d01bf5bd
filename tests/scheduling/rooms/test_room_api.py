"""Rooms through the API: create, list with paging and filters, read, update and delete."""

from __future__ import annotations

from tests.support.api_builders import assert_problem, get_json
from tests.support.flow import post_ok


async def test_rooms_list_filter_by_capacity_in_pages(client, coordinator) -> None:
    for name, capacity in (("A 小调解室", 4), ("B 调解室", 8), ("C 听证室", 30)):
        await post_ok(client, "/api/v1/rooms", coordinator, {"name": name, "capacity": capacity})
    page = await get_json(client, "/api/v1/rooms", coordinator, limit=1, offset=1)
    assert (page["total"], page["limit"], page["offset"]) == (3, 1, 1)
    assert [r["name"] for r in page["items"]] == ["B 调解室"]
    big = await get_json(client, "/api/v1/rooms", coordinator, min_capacity=8)
    assert [r["name"] for r in big["items"]] == ["B 调解室", "C 听证室"]


async def test_room_can_be_read_updated_and_deleted(client, coordinator) -> None:
    room = await post_ok(
        client,
        "/api/v1/rooms",
        coordinator,
        {"name": "听证室", "capacity": 12, "features": ["recording"]},
    )
    assert room["public_seats"] == 0 and room["timezone"] == "Asia/Shanghai"
    assert room["features"] == ["recording"]
    path = f"/api/v1/rooms/{room['id']}"
    assert await get_json(client, path, coordinator) == room

    response = await client.patch(
        path,
        json={"public_seats": 20, "features": ["recording", "accessible"]},
        headers=coordinator,
    )
    assert response.status_code == 200, response.text
    assert response.json() == {**room, "public_seats": 20, "features": ["recording", "accessible"]}
    response = await client.patch(path, json={"timezone": "Nowhere/City"}, headers=coordinator)
    assert_problem(response, 422, "unknown_timezone", "timezone")

    assert (await client.delete(path, headers=coordinator)).status_code == 204
    assert_problem(await client.get(path, headers=coordinator), 404, "room_not_found", "id")
