"""Recording audit events inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from core.tables import AuditEvent


@dataclass(frozen=True)
class AuditEntry:
    """One recorded event, as other packages read it back (the archive packs them)."""

    seq: int
    at: datetime
    actor_account_id: UUID | None
    action: str
    entity: str
    entity_id: str
    data: dict[str, Any]


#: The account acting in the current request; set once by authentication.
current_actor: ContextVar[UUID | None] = ContextVar("current_actor", default=None)


async def record_event(
    action: str,
    entity: str,
    entity_id: UUID | str,
    data: dict[str, Any] | None = None,
) -> None:
    await AuditEvent.insert(
        AuditEvent(
            at=datetime.now(UTC),
            actor_account_id=current_actor.get(),
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            data=data or {},
        )
    )


async def last_event_at(entity: str, entity_ids: Sequence[UUID | str]) -> datetime | None:
    """When the latest event about any of ``entity_ids`` was recorded: one query."""
    if not entity_ids:
        return None
    row = (
        await AuditEvent.select(AuditEvent.at)
        .where(
            (AuditEvent.entity == entity)
            & AuditEvent.entity_id.is_in([str(entity_id) for entity_id in entity_ids])
        )
        .order_by(AuditEvent.at, ascending=False)
        .first()
    )
    return row["at"] if row else None


async def events_about(subjects: Sequence[tuple[str, UUID | str]]) -> tuple[AuditEntry, ...]:
    """Every event about any of ``subjects`` (entity, entity id), oldest first."""
    if not subjects:
        return ()
    wanted = {(entity, str(entity_id)) for entity, entity_id in subjects}
    rows = (
        await AuditEvent.select()
        .where(AuditEvent.entity_id.is_in([entity_id for _, entity_id in wanted]))
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )
    return tuple(
        AuditEntry(
            seq=row["id"],
            at=row["at"],
            actor_account_id=row["actor_account_id"],
            action=row["action"],
            entity=row["entity"],
            entity_id=row["entity_id"],
            data=dict(row["data"]),
        )
        for row in rows
        # Ids are unique across entities in practice; the pair makes it so in principle.
        if (row["entity"], row["entity_id"]) in wanted
    )
