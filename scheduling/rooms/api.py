"""HTTP endpoints for rooms, their opening hours and busy time."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, delete, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody

from core.web.guards import staff_only
from core.web.paging import Limit, Offset, changes_of
from core.web.wire import MAX_FEATURES, Address, Body, Feature, Name, Zone
from scheduling.availability import service as availability
from scheduling.availability.api import BusyIn, BusyRead, WorkingHoursIn, WorkingHoursRead
from scheduling.rooms import service as rooms
from scheduling.rooms.service import RoomView

Features = Annotated[list[Feature], msgspec.Meta(max_length=MAX_FEATURES)]


class RoomCreate(Body):
    name: Name
    capacity: Annotated[int, msgspec.Meta(ge=1, le=1000)]
    public_seats: Annotated[int, msgspec.Meta(ge=0, le=5000)] = 0
    address: Address = ""
    timezone: Zone = "Asia/Shanghai"
    features: Features = msgspec.field(default_factory=list)


class RoomUpdate(Body, omit_defaults=True):
    name: Name | msgspec.UnsetType = msgspec.UNSET
    capacity: Annotated[int, msgspec.Meta(ge=1, le=1000)] | msgspec.UnsetType = msgspec.UNSET
    public_seats: Annotated[int, msgspec.Meta(ge=0, le=5000)] | msgspec.UnsetType = msgspec.UNSET
    address: Address | msgspec.UnsetType = msgspec.UNSET
    timezone: Zone | msgspec.UnsetType = msgspec.UNSET
    features: Features | msgspec.UnsetType = msgspec.UNSET


class RoomRead(msgspec.Struct):
    id: UUID
    name: str
    capacity: int
    public_seats: int
    address: str
    timezone: str
    features: list[str]


class RoomList(msgspec.Struct):
    items: list[RoomRead]
    total: int
    limit: int
    offset: int


def room_read(room: RoomView) -> RoomRead:
    return RoomRead(
        id=room.id,
        name=room.name,
        capacity=room.capacity,
        public_seats=room.public_seats,
        address=room.address,
        timezone=room.timezone,
        features=list(room.features),
    )


class RoomController(Controller):
    path = "/api/v1/rooms"
    tags = ["rooms"]

    @post("/", operation_id="createRoom", guards=[staff_only])
    async def create_room(self, data: JSONBody[RoomCreate]) -> RoomRead:
        return room_read(await rooms.create_room(msgspec.structs.asdict(data)))

    @get("/", operation_id="listRooms")
    async def list_rooms(
        self, limit: Limit = 50, offset: Offset = 0, min_capacity: FromQuery[int | None] = None
    ) -> RoomList:
        views, total = await rooms.list_rooms(limit, offset, min_capacity)
        items = [room_read(view) for view in views]
        return RoomList(items=items, total=total, limit=limit, offset=offset)

    @get("/{room_id:uuid}", operation_id="getRoom")
    async def get_room(self, room_id: FromPath[UUID]) -> RoomRead:
        return room_read(await rooms.get_room(room_id))

    @patch("/{room_id:uuid}", operation_id="updateRoom", guards=[staff_only])
    async def update_room(self, room_id: FromPath[UUID], data: JSONBody[RoomUpdate]) -> RoomRead:
        return room_read(await rooms.update_room(room_id, changes_of(data)))

    @delete("/{room_id:uuid}", operation_id="deleteRoom", guards=[staff_only])
    async def delete_room(self, room_id: FromPath[UUID]) -> None:
        await rooms.delete_room(room_id)

    @put("/{room_id:uuid}/opening-hours", operation_id="setRoomOpeningHours", guards=[staff_only])
    async def opening_hours(
        self, room_id: FromPath[UUID], data: JSONBody[WorkingHoursIn]
    ) -> WorkingHoursRead:
        await availability.set_working_hours(
            "room",
            room_id,
            data.timezone,
            data.weekly,
            [msgspec.structs.asdict(e) for e in data.exceptions],
        )
        return WorkingHoursRead(
            timezone=data.timezone, weekly=data.weekly, exceptions=data.exceptions
        )

    @post("/{room_id:uuid}/busy", operation_id="addRoomBusy", guards=[staff_only])
    async def busy(self, room_id: FromPath[UUID], data: JSONBody[BusyIn]) -> BusyRead:
        block = await availability.add_busy_block("room", room_id, data.start, data.end, data.label)
        return BusyRead(id=block.id, start=block.start, end=block.end, label=block.label)
