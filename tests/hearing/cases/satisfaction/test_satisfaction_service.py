"""Satisfaction through the services: rated once after closing, reported per organisation."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest

from core.access import Role, Viewer
from core.errors import Conflict, Forbidden, NotFound
from hearing.cases import service as cases
from hearing.cases.satisfaction import service as satisfaction
from hearing.cases.satisfaction.ratings import OrganizationTally, Rating
from hearing.cases.service import NewCase
from parties.organizations import service as organizations

ADMIN = Viewer(uuid4(), "admin@test.example", Role.ADMIN, None)
PARTICIPANT = Viewer(uuid4(), "p@test.example", Role.PARTICIPANT, uuid4())
NOW = datetime(2027, 4, 1, 2, 0, tzinfo=UTC)


async def handled_case(
    reference: str, organization_id: UUID | None, closed: bool = True
) -> cases.CaseView:
    new = NewCase(
        reference,
        "甲",
        registered_on=date(2027, 1, 4),
        accepted_on=date(2027, 1, 5),
        handling_organization_id=organization_id,
    )
    case = await cases.create_case(new, NOW)
    if closed:
        await cases.close_case(ADMIN, case.id, date(2027, 2, 1), "已答复", NOW)
    return case


async def test_a_closed_case_is_rated_once_and_an_open_one_not_at_all(db) -> None:
    housing = await organizations.create_organization("住建局", "government_department")
    case = await handled_case("XF-1", housing.id)
    rated = await satisfaction.rate_case(ADMIN, case.id, Rating.BASICALLY_SATISFIED, "尚可", NOW)
    assert (rated.satisfaction, rated.satisfaction_comment) == ("basically_satisfied", "尚可")
    with pytest.raises(Conflict) as twice:
        await satisfaction.rate_case(ADMIN, case.id, Rating.SATISFIED, None, NOW)
    assert twice.value.code == "satisfaction_already_recorded"
    still_open = await handled_case("XF-2", housing.id, closed=False)
    with pytest.raises(Conflict) as not_closed:
        await satisfaction.rate_case(ADMIN, still_open.id, Rating.SATISFIED, None, NOW)
    assert (not_closed.value.code, not_closed.value.field) == ("case_not_closed", "rating")
    with pytest.raises(NotFound):
        await satisfaction.rate_case(PARTICIPANT, case.id, Rating.SATISFIED, None, NOW)


async def test_the_report_counts_ratings_per_handling_organisation(db) -> None:
    housing = await organizations.create_organization("住建局", "government_department")
    land = await organizations.create_organization("自然资源局", "government_department")
    ratings = [
        ("H-1", housing.id, Rating.SATISFIED),
        ("H-2", housing.id, Rating.SATISFIED),
        ("H-3", housing.id, Rating.NOT_SATISFIED),
        ("L-1", land.id, Rating.BASICALLY_SATISFIED),
        ("N-1", None, Rating.SATISFIED),
    ]
    for reference, organization_id, rating in ratings:
        case = await handled_case(reference, organization_id)
        await satisfaction.rate_case(ADMIN, case.id, rating, None, NOW)
    await handled_case("H-4", housing.id)  # closed, not rated: not counted
    report = await satisfaction.satisfaction_report(ADMIN)
    assert sorted(report, key=lambda t: t.total) == [
        OrganizationTally(land.id, basically_satisfied=1),
        OrganizationTally(housing.id, satisfied=2, not_satisfied=1),
    ]
    with pytest.raises(Forbidden):
        await satisfaction.satisfaction_report(PARTICIPANT)


async def test_the_handling_organisation_must_exist(db) -> None:
    with pytest.raises(NotFound) as caught:
        await handled_case("XF-9", uuid4(), closed=False)
    assert (caught.value.code, caught.value.field) == (
        "organization_not_found",
        "handling_organization_id",
    )
    housing = await organizations.create_organization("住建局", "government_department")
    case = await cases.create_case(NewCase("XF-10", "甲"), NOW)
    moved = await cases.update_case(case.id, {"handling_organization_id": housing.id})
    assert moved.handling_organization_id == housing.id
    with pytest.raises(NotFound):
        await cases.update_case(case.id, {"handling_organization_id": uuid4()})
