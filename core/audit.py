"""Recording audit events inside the caller's transaction, each chained to the one before."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from core.audit_trail.chain import GENESIS_HASH, entry_hash
from core.db import is_sqlite, one_of, write_transaction
from core.tables import AuditEvent

#: The contact details of people: the log names the fields, never their values, because its
#: rows can never be corrected or erased.
PERSONAL_FIELDS = frozenset({"phone", "email", "id_number", "address"})
NOT_RECORDED = "(personal data, not recorded)"
#: The PostgreSQL advisory lock that makes writers of the chain take turns.
CHAIN_LOCK_KEY = 0x636F6E636F7264  # "concord"


@dataclass(frozen=True)
class AuditEntry:
    """One recorded event, as other packages read it back (the archive packs them)."""

    seq: int
    at: datetime
    actor_account_id: UUID | None
    action: str
    entity: str
    entity_id: str
    #: The entry's ``after``: what the entity became, or what happened.
    data: dict[str, Any]
    before: dict[str, Any] | None
    prev_hash: str
    hash: str


#: The account acting in the current request; set once by authentication.
current_actor: ContextVar[UUID | None] = ContextVar("current_actor", default=None)


def changed_fields(changes: Mapping[str, Any]) -> dict[str, Any]:
    """What to record of a change to personal data: which fields changed, not their values."""
    return {"fields": sorted(changes)}


async def record_event(
    action: str,
    entity: str,
    entity_id: UUID | str,
    data: dict[str, Any] | None = None,
    *,
    before: dict[str, Any] | None = None,
) -> None:
    """Append an entry to the chain, inside the caller's write transaction (or a transaction
    of its own): if the change rolls back, so does its entry."""
    after = _recordable(data or {})
    replaced = None if before is None else _recordable(before)
    actor = current_actor.get()
    async with write_transaction():
        await _take_turn()
        head = (
            await AuditEvent.select(AuditEvent.seq, AuditEvent.hash)
            .order_by(AuditEvent.seq, ascending=False)
            .first()
        )
        seq = 1 if head is None else head["seq"] + 1
        prev_hash = GENESIS_HASH if head is None else head["hash"]
        at = datetime.now(UTC)
        fields: dict[str, Any] = {
            "seq": seq,
            "at": at,
            "action": action,
            "entity": entity,
            "entity_id": str(entity_id),
            "before": replaced,
            "prev_hash": prev_hash,
        }
        digest = entry_hash(**fields, actor=None if actor is None else str(actor), after=after)
        await AuditEvent.insert(
            AuditEvent(**fields, actor_account_id=actor, data=after, hash=digest)
        )


async def _take_turn() -> None:
    """Hold the chain until the transaction ends, so that two writers never read the same head
    and fork it. SQLite's write transaction already holds the whole database."""
    if not is_sqlite():
        await AuditEvent.raw("SELECT pg_advisory_xact_lock({})", CHAIN_LOCK_KEY)


def _recordable(data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` as it will read back from the database (so that its hash still matches), with
    any personal contact value left out."""
    plain: dict[str, Any] = without_personal_values(
        json.loads(json.dumps(data, default=str, ensure_ascii=False))
    )
    return plain


def without_personal_values(value: Any) -> Any:
    """``value`` with whatever sits under a personal field's name replaced by a marker."""
    if isinstance(value, dict):
        return {
            key: NOT_RECORDED
            if key in PERSONAL_FIELDS and item is not None
            else without_personal_values(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [without_personal_values(item) for item in value]
    return value


async def last_event_at(entity: str, entity_ids: Sequence[UUID | str]) -> datetime | None:
    """When the latest event about any of ``entity_ids`` was recorded: one query."""
    if not entity_ids:
        return None
    row = (
        await AuditEvent.select(AuditEvent.at)
        .where(
            (AuditEvent.entity == entity)
            & one_of(AuditEvent.entity_id, [str(entity_id) for entity_id in entity_ids])
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
        .order_by(AuditEvent.seq)
        .output(load_json=True)
    )
    return tuple(
        AuditEntry(
            seq=row["seq"],
            at=row["at"],
            actor_account_id=row["actor_account_id"],
            action=row["action"],
            entity=row["entity"],
            entity_id=row["entity_id"],
            data=dict(row["data"]),
            before=None if row["before"] is None else dict(row["before"]),
            prev_hash=row["prev_hash"],
            hash=row["hash"],
        )
        for row in rows
        # Ids are unique across entities in practice; the pair makes it so in principle.
        if (row["entity"], row["entity_id"]) in wanted
    )
