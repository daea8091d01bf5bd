"""Hot lookups as fixed SQL and id lists as one parameter: the same rows as the query builder's."""

from __future__ import annotations

from uuid import uuid4

from core.db import one_of
from core.fixed_select import FixedSelect
from parties.tables import Person
from scheduling.rooms.service import ROOM_COLUMNS
from scheduling.tables import Room

PEOPLE = FixedSelect(Person, (Person.id, Person.name, Person.organization.as_alias("org")))
ROOMS = FixedSelect(Room, ROOM_COLUMNS, json_columns=["features"])


async def _people(*names: str) -> list[Person]:
    people = [
        Person(name=name, email=f"{name}@example.cn", calendar_feed_token=f"feed-{name}")
        for name in names
    ]
    await Person.insert(*people)
    return people


async def test_one_of_finds_each_listed_row_once_and_nothing_for_none(db) -> None:
    a, b, _ = await _people("a", "b", "c")
    rows = await Person.select(Person.name).where(one_of(Person.id, [a.id, b.id, a.id, uuid4()]))
    assert sorted(row["name"] for row in rows) == ["a", "b"]
    assert await Person.select(Person.name).where(one_of(Person.id, [])) == []


async def test_a_fixed_select_reads_what_the_query_builder_reads(db) -> None:
    a, b, c = await _people("a", "b", "c")
    built = await Person.select(Person.id, Person.name, Person.organization.as_alias("org")).where(
        Person.id.is_in([a.id, c.id])
    )
    fixed = await PEOPLE.one_of(Person.id, [c.id, a.id, c.id])
    assert sorted(fixed, key=lambda row: row["name"]) == sorted(built, key=lambda r: r["name"])
    assert await PEOPLE.one_of(Person.id, []) == []
    [only] = await PEOPLE.equal(Person.name, "b")
    assert only == {"id": b.id, "name": "b", "org": None}


async def test_json_columns_come_back_parsed(db) -> None:
    room = Room(name="调解室", capacity=8, public_seats=2, timezone="Asia/Shanghai")
    room.features = ["hearing_loop", "video"]
    await room.save()
    [row] = await ROOMS.one_of(Room.id, [room.id])
    assert row["features"] == ["hearing_loop", "video"]
    assert row["capacity"] == 8 and row["id"] == room.id
