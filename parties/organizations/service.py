"""Use cases for organisations."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from core.audit import record_event
from core.crud import Row, all_of, delete_row, fetch_one, fetch_page, update_row
from core.db import write_transaction
from parties.tables import Organization
from parties.views import OrganizationView

ORGANIZATION_COLUMNS = (Organization.id, Organization.name, Organization.kind)


def _organization_view(row: Row) -> OrganizationView:
    """The view of a row selected with ORGANIZATION_COLUMNS (named as the view's fields)."""
    return OrganizationView(**row)


async def create_organization(name: str, kind: str) -> OrganizationView:
    async with write_transaction():
        organization = Organization(name=name, kind=kind)
        await organization.save()
        await record_event("organization.created", "organization", organization.id, {"name": name})
    return await get_organization(organization.id)


async def list_organizations(
    limit: int, offset: int, name: str | None = None, kind: str | None = None
) -> tuple[list[OrganizationView], int]:
    where = all_of(
        [
            Organization.name.ilike(f"%{name}%") if name else None,
            Organization.kind == kind if kind else None,
        ]
    )
    rows, total = await fetch_page(
        Organization,
        ORGANIZATION_COLUMNS,
        where=where,
        limit=limit,
        offset=offset,
        order_by=Organization.name,
    )
    return [_organization_view(row) for row in rows], total


async def get_organization(organization_id: UUID) -> OrganizationView:
    row = await fetch_one(Organization, organization_id, ORGANIZATION_COLUMNS, "organization")
    return _organization_view(row)


async def get_organizations(organization_ids: list[UUID]) -> dict[UUID, OrganizationView]:
    """Many organisations in one query, keyed by id."""
    if not organization_ids:
        return {}
    rows = await Organization.select(*ORGANIZATION_COLUMNS).where(
        Organization.id.is_in(list(set(organization_ids)))
    )
    return {row["id"]: _organization_view(row) for row in rows}


async def update_organization(organization_id: UUID, changes: dict[str, Any]) -> OrganizationView:
    async with write_transaction():
        await update_row(Organization, organization_id, changes, "organization")
        await record_event("organization.updated", "organization", organization_id, changes)
    return await get_organization(organization_id)


async def delete_organization(organization_id: UUID) -> None:
    async with write_transaction():
        await delete_row(Organization, organization_id, "organization")
        await record_event("organization.deleted", "organization", organization_id)
