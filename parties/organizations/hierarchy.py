"""Organisations form a tree: each may name a parent that supervises it (follow-up escalation)."""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from core.errors import RuleViolation


def check_parent(
    organization_id: UUID | None, parent_id: UUID | None, parent_of: Mapping[UUID, UUID | None]
) -> None:
    """Refuse a parent that does not exist or that would make the organisation its own ancestor.

    ``organization_id`` is None for an organisation being created (it can have no descendants
    yet); ``parent_of`` maps every existing organisation to its current parent.
    """
    if parent_id is None:
        return
    if parent_id not in parent_of:
        raise RuleViolation(
            f"no organisation with id {parent_id} to be the parent",
            code="parent_organization_not_found",
            field="parent_id",
        )
    ancestor: UUID | None = parent_id
    seen: set[UUID] = set()
    while ancestor is not None and ancestor not in seen:
        if ancestor == organization_id:
            raise RuleViolation(
                "an organisation cannot be its own parent or ancestor",
                code="organization_cycle",
                field="parent_id",
            )
        seen.add(ancestor)
        ancestor = parent_of.get(ancestor)
