"""Cases through the services, on the engine DATABASE_URL selects."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from core.access import Role, Viewer
from core.errors import Conflict, NotFound
from hearing.cases import service as cases
from hearing.cases.service import CaseFilter, NewCase
from hearing.cases.views import CaseStanding
from hearing.jurisdictions import service as jurisdictions
from hearing.jurisdictions.service import DEFAULT_JURISDICTION_ID, NewJurisdiction

ADMIN = Viewer(uuid4(), "admin@test.example", Role.ADMIN, None)
PARTICIPANT = Viewer(uuid4(), "p@test.example", Role.PARTICIPANT, uuid4())
#: 07:30 on 5 January in Shanghai, still 4 January in UTC.
BEFORE_EIGHT_IN_SHANGHAI = datetime(2027, 1, 4, 23, 30, tzinfo=UTC)


async def test_a_case_is_registered_on_todays_date_in_its_jurisdictions_zone(db) -> None:
    case = await cases.create_case(NewCase("XF-1", "甲"), BEFORE_EIGHT_IN_SHANGHAI)
    assert case.registered_on == date(2027, 1, 5)
    assert case.jurisdiction_id == DEFAULT_JURISDICTION_ID

    london = await jurisdictions.create_jurisdiction(
        ADMIN, NewJurisdiction("London office", "Europe/London"), BEFORE_EIGHT_IN_SHANGHAI
    )
    there = await cases.create_case(
        NewCase("XF-2", "乙", jurisdiction_id=london.id), BEFORE_EIGHT_IN_SHANGHAI
    )
    assert there.registered_on == date(2027, 1, 4)
    assert there.jurisdiction_id == london.id


async def test_a_case_reads_back_as_a_typed_view(db) -> None:
    new = NewCase(
        "XF-3",
        "补偿争议",
        summary="信访人对补偿有异议",
        confidentiality="privacy",
        registered_on=date(2027, 1, 4),
        accepted_on=date(2027, 1, 6),
    )
    created = await cases.create_case(new, BEFORE_EIGHT_IN_SHANGHAI)
    assert created == await cases.get_case(created.id)
    assert (created.acceptance_deadline, created.handling_deadline, created.amber_on) == (
        date(2027, 1, 19),
        date(2027, 3, 7),
        date(2027, 2, 20),
    )
    assert await cases.get_cases([created.id, uuid4()]) == {created.id: created}
    read = await cases.case_for(ADMIN, created.id, BEFORE_EIGHT_IN_SHANGHAI)
    assert isinstance(read, CaseStanding)
    assert (read.reference, read.summary, read.light, read.reviews) == (
        "XF-3",
        "信访人对补偿有异议",
        "green",
        (),
    )
    listed, total = await cases.list_cases(
        ADMIN, 10, 0, CaseFilter(confidentiality="privacy"), BEFORE_EIGHT_IN_SHANGHAI
    )
    assert listed == [read] and total == 1


async def test_a_taken_reference_or_an_unknown_jurisdiction_is_refused(db) -> None:
    await cases.create_case(NewCase("XF-4", "甲"), BEFORE_EIGHT_IN_SHANGHAI)
    with pytest.raises(Conflict) as taken:
        await cases.create_case(NewCase("XF-4", "乙"), BEFORE_EIGHT_IN_SHANGHAI)
    assert (taken.value.code, taken.value.field) == ("case_reference_taken", "reference")
    with pytest.raises(NotFound) as unknown:
        await cases.create_case(
            NewCase("XF-5", "乙", jurisdiction_id=uuid4()), BEFORE_EIGHT_IN_SHANGHAI
        )
    assert (unknown.value.code, unknown.value.field) == (
        "jurisdiction_not_found",
        "jurisdiction_id",
    )


async def test_a_case_moves_to_another_jurisdiction_and_back_to_the_default(db) -> None:
    case = await cases.create_case(NewCase("XF-6", "甲"), BEFORE_EIGHT_IN_SHANGHAI)
    other = await jurisdictions.create_jurisdiction(
        ADMIN,
        NewJurisdiction("County", "Asia/Shanghai", rules={"signing_window_days": 3}),
        BEFORE_EIGHT_IN_SHANGHAI,
    )
    moved = await cases.update_case(case.id, {"jurisdiction_id": other.id})
    assert moved.jurisdiction_id == other.id
    assert (await jurisdictions.rules_for_case(case.id)).signing_window_days == 3
    back = await cases.update_case(case.id, {"jurisdiction_id": None})
    assert back.jurisdiction_id == DEFAULT_JURISDICTION_ID
    assert (await jurisdictions.rules_for_case(case.id)).signing_window_days == 7


async def test_a_deleted_case_is_not_found(db) -> None:
    case = await cases.create_case(NewCase("XF-7", "甲"), BEFORE_EIGHT_IN_SHANGHAI)
    await cases.delete_case(ADMIN, case.id)
    with pytest.raises(NotFound) as caught:
        await cases.get_case(case.id)
    assert caught.value.code == "case_not_found"
