"""People use cases on a real database: views, unique emails, zones, feeds and conflicts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest

from core.access import Role, Viewer
from core.errors import Conflict, Forbidden, NotFound, RuleViolation
from parties.organizations import service as organizations
from parties.people import service as people
from parties.views import PersonView

STAFF = Viewer(uuid4(), "coordinator@example.cn", Role.COORDINATOR, person_id=None)


async def person(name: str = "张三", email: str = "zhang@example.cn", **extra: Any) -> PersonView:
    return await people.create_person({"name": name, "email": email, **extra})


def participant(who: PersonView) -> Viewer:
    return Viewer(uuid4(), who.email, Role.PARTICIPANT, person_id=who.id)


async def strangers(_: UUID, __: UUID) -> bool:
    """No two people share a session."""
    return False


async def everyone_together(_: UUID, __: UUID) -> bool:
    return True


async def test_a_new_person_gets_the_jurisdiction_defaults_and_a_feed_token(db) -> None:
    created = await person()

    assert isinstance(created, PersonView)
    assert (created.name, created.email) == ("张三", "zhang@example.cn")
    assert (created.timezone, created.locale) == ("Asia/Shanghai", "zh-CN")
    assert created.phone is None and created.organization_id is None
    assert len(created.calendar_feed_token) >= 32
    assert await people.get_person(created.id) == created


async def test_a_person_belongs_to_the_organization_given(db) -> None:
    bureau = await organizations.create_organization("住建局", "government_department")

    created = await person("王科长", "wang@example.gov.cn", organization_id=bureau.id)

    assert created.organization_id == bureau.id


async def test_two_people_cannot_share_an_email(db) -> None:
    await person("张三", "zhang@example.cn")
    other = await person("李四", "li@example.cn")

    with pytest.raises(Conflict) as on_create:
        await person("张三丰", "zhang@example.cn")
    with pytest.raises(Conflict) as on_update:
        await people.update_person(other.id, {"email": "zhang@example.cn"})

    for caught in (on_create, on_update):
        assert (caught.value.code, caught.value.field) == ("email_taken", "email")
    kept = await people.update_person(other.id, {"email": "li@example.cn"})
    assert kept.email == "li@example.cn", "keeping one's own email is no conflict"


async def test_an_unknown_organization_is_refused_naming_organization_id(db) -> None:
    created = await person()

    with pytest.raises(NotFound) as on_create:
        await person("李四", "li@example.cn", organization_id=uuid4())
    with pytest.raises(NotFound) as on_update:
        await people.update_person(created.id, {"organization_id": uuid4()})

    for caught in (on_create, on_update):
        assert (caught.value.code, caught.value.field) == (
            "organization_not_found",
            "organization_id",
        )
    assert (await people.list_people(50, 0))[1] == 1


async def test_an_unknown_time_zone_is_refused(db) -> None:
    created = await person()

    with pytest.raises(RuleViolation) as on_create:
        await person("李四", "li@example.cn", timezone="Mars/Olympus_Mons")
    with pytest.raises(RuleViolation) as on_update:
        await people.update_person(created.id, {"timezone": "../etc/passwd"})

    for caught in (on_create, on_update):
        assert (caught.value.code, caught.value.field) == ("unknown_timezone", "timezone")
    assert (await people.get_person(created.id)).timezone == "Asia/Shanghai"


async def test_an_update_changes_only_the_fields_given(db) -> None:
    bureau = await organizations.create_organization("住建局", "other")
    created = await person(organization_id=bureau.id)

    moved = await people.update_person(created.id, {"timezone": "Europe/Berlin", "phone": "+86"})
    left = await people.update_person(created.id, {"organization_id": None})

    assert moved == replace(created, timezone="Europe/Berlin", phone="+86")
    assert left.organization_id is None and left.timezone == "Europe/Berlin"


async def test_people_list_by_name_filtered_by_name_email_and_organization(db) -> None:
    bureau = await organizations.create_organization("住建局", "other")
    await person("B 王科长", "wang@example.gov.cn", organization_id=bureau.id)
    await person("A 王副科长", "wang2@example.gov.cn")
    await person("C 张三", "zhang@example.cn")

    page, total = await people.list_people(limit=2, offset=1)
    assert ([p.name for p in page], total) == (["B 王科长", "C 张三"], 3)
    by_name, total = await people.list_people(50, 0, name="王")
    assert ([p.name for p in by_name], total) == (["A 王副科长", "B 王科长"], 2)
    by_email, _ = await people.list_people(50, 0, email="zhang@example.cn")
    assert [p.name for p in by_email] == ["C 张三"]
    by_organization, _ = await people.list_people(50, 0, organization_id=bureau.id)
    assert [p.name for p in by_organization] == ["B 王科长"]


async def test_get_people_keys_views_by_id_and_skips_unknown_ids(db) -> None:
    zhang = await person("张三", "zhang@example.cn")
    li = await person("李四", "li@example.cn")

    found = await people.get_people([zhang.id, li.id, zhang.id, uuid4()])

    assert found == {zhang.id: zhang, li.id: li}
    assert await people.get_people([]) == {}


async def test_a_deleted_person_is_gone(db) -> None:
    created = await person()

    await people.delete_person(created.id)

    for attempt in (people.get_person(created.id), people.delete_person(created.id)):
        with pytest.raises(NotFound) as caught:
            await attempt
        assert (caught.value.code, caught.value.field) == ("person_not_found", "id")


async def test_rotating_the_feed_makes_the_old_address_unknown(db) -> None:
    created = await person()
    assert await people.person_by_feed_token(created.calendar_feed_token) == created

    rotated = (await people.rotate_calendar_feed(STAFF, created.id)).person

    assert rotated.calendar_feed_token != created.calendar_feed_token
    assert await people.person_by_feed_token(rotated.calendar_feed_token) == rotated
    with pytest.raises(NotFound) as caught:
        await people.person_by_feed_token(created.calendar_feed_token)
    assert caught.value.code == "calendar_feed_not_found"


async def test_staff_read_and_rotate_anyone_and_see_their_feed_url(db) -> None:
    created = await person()

    read = await people.person_for(STAFF, created.id, strangers)
    rotated = await people.rotate_calendar_feed(STAFF, created.id)

    assert read.person == created
    assert read.calendar_feed_url == people.calendar_feed_url(created.calendar_feed_token)
    assert rotated.calendar_feed_url == people.calendar_feed_url(rotated.person.calendar_feed_token)
    assert rotated.calendar_feed_url != read.calendar_feed_url


async def test_a_participant_reads_and_rotates_their_own_person_and_feed(db) -> None:
    me = await person()

    read = await people.person_for(participant(me), me.id, strangers)
    rotated = await people.rotate_calendar_feed(participant(me), me.id)

    assert read.calendar_feed_url == people.calendar_feed_url(me.calendar_feed_token)
    assert rotated.person.calendar_feed_token != me.calendar_feed_token
    assert rotated.calendar_feed_url == people.calendar_feed_url(rotated.person.calendar_feed_token)


async def test_a_participant_neither_reads_a_stranger_nor_rotates_anyone_elses_feed(db) -> None:
    me = await person("张三", "zhang@example.cn")
    other = await person("李四", "li@example.cn")

    with pytest.raises(NotFound) as unknown:
        await people.person_for(participant(me), other.id, strangers)
    assert (unknown.value.code, unknown.value.field) == ("person_not_found", "id")
    with pytest.raises(Forbidden) as caught:
        await people.rotate_calendar_feed(participant(me), other.id)
    assert (caught.value.code, caught.value.field) == ("not_your_record", "person_id")
    assert await people.get_person(other.id) == other, "the other feed is not rotated"


async def test_the_feed_url_is_shown_to_the_person_and_staff_but_no_one_else(db) -> None:
    me = await person("张三", "zhang@example.cn")
    other = await person("李四", "li@example.cn")
    archivist = Viewer(uuid4(), "archivist@example.cn", Role.ARCHIVIST, person_id=None)

    assert people.shown_to(participant(other), other).calendar_feed_url is not None
    assert people.shown_to(STAFF, other).calendar_feed_url is not None
    for viewer in (participant(me), archivist):
        shown = people.shown_to(viewer, other)
        assert shown.person.id == other.id and shown.calendar_feed_url is None
        assert shown.person.calendar_feed_token == ""


async def any_case(_: UUID) -> bool:
    """Cases are hearing's; these tests need only that the case is known."""
    return True


async def no_case(_: UUID) -> bool:
    return False


async def test_declared_conflicts_are_per_case(db) -> None:
    zhang = await person("张三", "zhang@example.cn")
    li = await person("李四", "li@example.cn")
    case, other_case = uuid4(), uuid4()

    await people.declare_conflict(zhang.id, case, "亲属关系", datetime.now(UTC), any_case)
    await people.declare_conflict(li.id, other_case, "曾代理一方", datetime.now(UTC), any_case)

    assert await people.conflicted_people(case) == frozenset({zhang.id})
    assert await people.conflicted_people(other_case) == frozenset({li.id})
    assert await people.conflicted_people(uuid4()) == frozenset()


async def test_an_unknown_person_cannot_declare_a_conflict(db) -> None:
    with pytest.raises(NotFound) as caught:
        await people.declare_conflict(uuid4(), uuid4(), "亲属关系", datetime.now(UTC), any_case)

    assert (caught.value.code, caught.value.field) == ("person_not_found", "person_id")


async def test_a_conflict_with_an_unknown_case_is_refused_and_not_stored(db) -> None:
    zhang = await person("张三", "zhang@example.cn")
    case = uuid4()
    with pytest.raises(NotFound) as caught:
        await people.declare_conflict(zhang.id, case, "亲属关系", datetime.now(UTC), no_case)

    assert (caught.value.code, caught.value.field) == ("case_not_found", "case_id")
    assert await people.conflicted_people(case) == frozenset()
