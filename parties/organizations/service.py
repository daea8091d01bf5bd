"""Use cases for organisations."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from core.audit import record_event
from core.crud import Row, all_of, delete_row, fetch_one, fetch_page, update_row
from core.db import write_transaction
from parties.organizations.hierarchy import check_parent
from parties.tables import Organization
from parties.views import OrganizationView

ORGANIZATION_COLUMNS = (
    Organization.id,
    Organization.name,
    Organization.kind,
    Organization.parent.as_alias("parent_id"),
)


def _organization_view(row: Row) -> OrganizationView:
    """The view of a row selected with ORGANIZATION_COLUMNS (named as the view's fields)."""
    return OrganizationView(**row)


async def _parents() -> dict[UUID, UUID | None]:
    """Every organisation's parent, for checking a new link against the whole tree."""
    rows = await Organization.select(Organization.id, Organization.parent)
    return {row["id"]: row["parent"] for row in rows}


async def create_organization(
    name: str, kind: str, parent_id: UUID | None = None
) -> OrganizationView:
    async with write_transaction():
        check_parent(None, parent_id, await _parents())
        organization = Organization(name=name, kind=kind, parent=parent_id)
        await organization.save()
        await record_event(
            "organization.created",
            "organization",
            organization.id,
            {"name": name, "parent_id": str(parent_id) if parent_id else None},
        )
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
        values = dict(changes)
        if "parent_id" in values:
            check_parent(organization_id, values["parent_id"], await _parents())
            values["parent"] = values.pop("parent_id")
        await update_row(Organization, organization_id, values, "organization")
        await record_event(
            "organization.updated",
            "organization",
            organization_id,
            {
                key: str(value) if isinstance(value, UUID) else value
                for key, value in changes.items()
            },
        )
    return await get_organization(organization_id)


async def delete_organization(organization_id: UUID) -> None:
    async with write_transaction():
        await delete_row(Organization, organization_id, "organization")
        await record_event("organization.deleted", "organization", organization_id)
