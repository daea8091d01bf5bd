"""Recording audit events inside the caller's transaction."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from core.tables import AuditEvent

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
