"""What other packages see of people and organisations: typed, read-only, no table rows."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class PersonView:
    id: UUID
    name: str
    email: str
    phone: str | None
    timezone: str
    locale: str
    organization_id: UUID | None
    #: The secret part of the person's subscription URL; only the person and staff may see it.
    calendar_feed_token: str
    #: Personal data like phone and email: shown in full only to staff and the person.
    id_number: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class OrganizationView:
    id: UUID
    name: str
    kind: str
    #: The supervising organisation, if any.
    parent_id: UUID | None = None
