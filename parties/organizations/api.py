"""HTTP endpoints for organisations."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

import msgspec
from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from core.web.guards import staff_only
from core.web.paging import Limit, Offset, changes_of
from core.web.wire import Body, Name
from parties.organizations import service as organizations
from parties.views import OrganizationView

OrganizationKind = Literal["government_department", "mediation_body", "law_firm", "other"]


class OrganizationCreate(Body):
    name: Name
    kind: OrganizationKind
    parent_id: UUID | None = None


class OrganizationUpdate(Body, omit_defaults=True):
    name: Name | msgspec.UnsetType = msgspec.UNSET
    kind: OrganizationKind | msgspec.UnsetType = msgspec.UNSET
    #: null detaches the organisation from its parent.
    parent_id: UUID | msgspec.UnsetType | None = msgspec.UNSET


class OrganizationRead(msgspec.Struct):
    id: UUID
    name: str
    kind: str
    parent_id: UUID | None = None


class OrganizationList(msgspec.Struct):
    items: list[OrganizationRead]
    total: int
    limit: int
    offset: int


def organization_read(organization: OrganizationView) -> OrganizationRead:
    return OrganizationRead(
        id=organization.id,
        name=organization.name,
        kind=organization.kind,
        parent_id=organization.parent_id,
    )


class OrganizationController(Controller):
    path = "/api/v1/organizations"
    tags = ["organizations"]

    @post("/", operation_id="createOrganization", guards=[staff_only])
    async def create_organization(self, data: JSONBody[OrganizationCreate]) -> OrganizationRead:
        created = await organizations.create_organization(data.name, data.kind, data.parent_id)
        return organization_read(created)

    @get("/", operation_id="listOrganizations")
    async def list_organizations(
        self,
        limit: Limit = 50,
        offset: Offset = 0,
        name: FromQuery[str | None] = None,
        kind: FromQuery[str | None] = None,
    ) -> OrganizationList:
        found, total = await organizations.list_organizations(limit, offset, name, kind)
        items = [organization_read(organization) for organization in found]
        return OrganizationList(items=items, total=total, limit=limit, offset=offset)

    @get("/{organization_id:uuid}", operation_id="getOrganization")
    async def get_organization(self, organization_id: FromPath[UUID]) -> OrganizationRead:
        return organization_read(await organizations.get_organization(organization_id))

    @patch("/{organization_id:uuid}", operation_id="updateOrganization", guards=[staff_only])
    async def update_organization(
        self, organization_id: FromPath[UUID], data: JSONBody[OrganizationUpdate]
    ) -> OrganizationRead:
        updated = await organizations.update_organization(organization_id, changes_of(data))
        return organization_read(updated)

    @delete("/{organization_id:uuid}", operation_id="deleteOrganization", guards=[staff_only])
    async def delete_organization(self, organization_id: FromPath[UUID]) -> None:
        await organizations.delete_organization(organization_id)
