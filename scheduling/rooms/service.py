"""Use cases for rooms: create, read, change and remove them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from core.audit import record_event
from core.crud import Row, delete_row, fetch_one, fetch_page, update_row
from core.db import write_transaction
from core.errors import NotFound
from core.timezones import check_timezone
from scheduling.tables import Room as RoomTable

ROOM_COLUMNS = (
    RoomTable.id,
    RoomTable.name,
    RoomTable.capacity,
    RoomTable.public_seats,
    RoomTable.address,
    RoomTable.timezone,
    RoomTable.features,
)


async def create_room(data: dict[str, Any]) -> Row:
    check_timezone(data["timezone"])
    async with write_transaction():
        room = RoomTable(**data)
        await room.save()
        await record_event("room.created", "room", room.id, {"name": data["name"]})
    return await get_room(room.id)


async def list_rooms(
    limit: int, offset: int, min_capacity: int | None = None
) -> tuple[list[Row], int]:
    where = RoomTable.capacity >= min_capacity if min_capacity else None
    return await fetch_page(
        RoomTable, ROOM_COLUMNS, where=where, limit=limit, offset=offset, order_by=RoomTable.name
    )


async def get_room(room_id: UUID) -> Row:
    return await fetch_one(RoomTable, room_id, ROOM_COLUMNS, "room")


async def update_room(room_id: UUID, changes: dict[str, Any]) -> Row:
    if "timezone" in changes:
        check_timezone(changes["timezone"])
    async with write_transaction():
        await update_row(RoomTable, room_id, changes, "room")
        await record_event("room.updated", "room", room_id, changes)
    return await get_room(room_id)


async def delete_room(room_id: UUID) -> None:
    async with write_transaction():
        await delete_row(RoomTable, room_id, "room")
        await record_event("room.deleted", "room", room_id)


async def require_room(room_id: UUID, field: str = "room_id") -> Row:
    try:
        return await get_room(room_id)
    except NotFound as exc:
        raise NotFound(str(exc), code="room_not_found", field=field) from exc
