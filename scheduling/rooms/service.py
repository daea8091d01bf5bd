"""Use cases for rooms: create, read, change and remove them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from core.audit import record_event
from core.crud import Row, delete_row, fetch_one, fetch_page, update_row
from core.db import write_transaction
from core.errors import NotFound
from core.fixed_select import FixedSelect
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


@dataclass(frozen=True)
class RoomView:
    """A room as other packages and the controllers see it."""

    id: UUID
    name: str
    capacity: int
    public_seats: int
    address: str
    timezone: str
    features: tuple[str, ...]


_ROOMS = FixedSelect(RoomTable, ROOM_COLUMNS, json_columns=["features"])


def room_view(row: Row) -> RoomView:
    """The view of a row selected with ``ROOM_COLUMNS`` (JSON loaded)."""
    return RoomView(
        id=row["id"],
        name=row["name"],
        capacity=row["capacity"],
        public_seats=row["public_seats"],
        address=row["address"],
        timezone=row["timezone"],
        features=tuple(row["features"] or ()),
    )


async def create_room(data: dict[str, Any]) -> RoomView:
    check_timezone(data["timezone"])
    async with write_transaction():
        room = RoomTable(**data)
        await room.save()
        await record_event("room.created", "room", room.id, {"name": data["name"]})
    return await get_room(room.id)


async def list_rooms(
    limit: int, offset: int, min_capacity: int | None = None
) -> tuple[list[RoomView], int]:
    where = RoomTable.capacity >= min_capacity if min_capacity else None
    rows, total = await fetch_page(
        RoomTable, ROOM_COLUMNS, where=where, limit=limit, offset=offset, order_by=RoomTable.name
    )
    return [room_view(row) for row in rows], total


async def get_room(room_id: UUID) -> RoomView:
    return room_view(await fetch_one(RoomTable, room_id, ROOM_COLUMNS, "room"))


async def get_rooms(room_ids: list[UUID]) -> dict[UUID, RoomView]:
    """The rooms of ``room_ids`` that exist, by id: one query."""
    rows = await _ROOMS.one_of(RoomTable.id, room_ids)
    return {row["id"]: room_view(row) for row in rows}


async def update_room(room_id: UUID, changes: dict[str, Any]) -> RoomView:
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


async def require_room(room_id: UUID, field: str = "room_id") -> RoomView:
    try:
        return await get_room(room_id)
    except NotFound as exc:
        raise NotFound(str(exc), code="room_not_found", field=field) from exc
