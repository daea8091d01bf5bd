"""Organisation use cases on a real database: views, filters, updates and guarded deletes."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.errors import Conflict, NotFound
from parties.organizations import service as organizations
from parties.people import service as people
from parties.views import OrganizationView


async def test_a_created_organization_reads_back_as_its_view(db) -> None:
    created = await organizations.create_organization("市住建局", "government_department")

    assert isinstance(created, OrganizationView)
    assert (created.name, created.kind) == ("市住建局", "government_department")
    assert await organizations.get_organization(created.id) == created


async def test_organizations_list_by_name_filtered_by_name_part_and_kind(db) -> None:
    for name, kind in (
        ("C 调解中心", "other"),
        ("A 区住建局", "other"),
        ("B 市住建局", "government_department"),
    ):
        await organizations.create_organization(name, kind)

    page, total = await organizations.list_organizations(limit=2, offset=1)
    assert ([o.name for o in page], total) == (["B 市住建局", "C 调解中心"], 3)
    by_name, total = await organizations.list_organizations(limit=50, offset=0, name="住建")
    assert ([o.name for o in by_name], total) == (["A 区住建局", "B 市住建局"], 2)
    by_both, total = await organizations.list_organizations(50, 0, name="住建", kind="other")
    assert ([o.name for o in by_both], total) == (["A 区住建局"], 1)


async def test_get_organizations_keys_views_by_id_and_skips_unknown_ids(db) -> None:
    bureau = await organizations.create_organization("信访局", "government_department")
    firm = await organizations.create_organization("律师事务所", "law_firm")

    found = await organizations.get_organizations([bureau.id, firm.id, bureau.id, uuid4()])

    assert found == {bureau.id: bureau, firm.id: firm}
    assert await organizations.get_organizations([]) == {}


async def test_an_update_changes_only_the_fields_given(db) -> None:
    created = await organizations.create_organization("住建局", "other")

    updated = await organizations.update_organization(created.id, {"name": "市住建局"})

    assert updated == OrganizationView(id=created.id, name="市住建局", kind="other")
    assert await organizations.get_organization(created.id) == updated


async def test_an_unknown_organization_cannot_be_read_updated_or_deleted(db) -> None:
    missing = uuid4()
    for attempt in (
        organizations.get_organization(missing),
        organizations.update_organization(missing, {"name": "x"}),
        organizations.delete_organization(missing),
    ):
        with pytest.raises(NotFound) as caught:
            await attempt
        assert (caught.value.code, caught.value.field) == ("organization_not_found", "id")


async def test_a_deleted_organization_is_gone(db) -> None:
    created = await organizations.create_organization("住建局", "other")

    await organizations.delete_organization(created.id)

    with pytest.raises(NotFound):
        await organizations.get_organization(created.id)
    assert await organizations.list_organizations(50, 0) == ([], 0)


async def test_an_organization_people_belong_to_cannot_be_deleted(db) -> None:
    bureau = await organizations.create_organization("住建局", "government_department")
    await people.create_person(
        {"name": "王科长", "email": "wang@example.gov.cn", "organization_id": bureau.id}
    )

    with pytest.raises(Conflict) as caught:
        await organizations.delete_organization(bureau.id)

    assert (caught.value.code, caught.value.field) == ("organization_in_use", "id")
    assert await organizations.get_organization(bureau.id) == bureau
