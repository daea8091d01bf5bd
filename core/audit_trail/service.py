"""Use cases of the audit trail: read it (administrators), verify the chain, seal its head."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from core.access import Role, Viewer
from core.audit import record_event
from core.audit_trail.chain import (
    ChainedEntry,
    ChainFault,
    ChainHead,
    ChainWalk,
    FaultKind,
    sealed_head_fault,
)
from core.audit_trail.head_files import (
    HeadFileDamaged,
    SealedHead,
    read_head_files,
    write_head_file,
)
from core.crud import Row, all_of, fetch_page
from core.db import in_thread, write_transaction
from core.errors import Forbidden
from core.settings import get_settings
from core.tables import AuditEvent

logger = logging.getLogger(__name__)

#: Entries read per query while verifying: the whole log is never held at once.
VERIFY_BATCH = 1000
SEALED_ACTION = "audit.head_sealed"


def ensure_may_read_audit(viewer: Viewer) -> None:
    if viewer.role != Role.ADMIN:
        raise Forbidden(
            f"the {viewer.role.value} role may not read the audit log (administrators only)",
            code="role_not_allowed",
        )


def chained_entry(row: Row) -> ChainedEntry:
    actor = row["actor_account_id"]
    return ChainedEntry(
        seq=row["seq"],
        at=row["at"],
        actor=None if actor is None else str(actor),
        action=row["action"],
        entity=row["entity"],
        entity_id=row["entity_id"],
        before=row["before"],
        after=row["data"],
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


async def audit_entries(
    viewer: Viewer,
    limit: int,
    offset: int,
    entity: str | None = None,
    entity_id: str | None = None,
) -> tuple[list[ChainedEntry], int]:
    """Entries oldest first, optionally about one kind of entity or one entity."""
    ensure_may_read_audit(viewer)
    where = all_of(
        [
            AuditEvent.entity == entity if entity else None,
            AuditEvent.entity_id == entity_id if entity_id else None,
        ]
    )
    rows, total = await fetch_page(
        AuditEvent,
        AuditEvent.all_columns(),
        where=where,
        limit=limit,
        offset=offset,
        order_by=AuditEvent.seq,
    )
    return [chained_entry(row) for row in rows], total


@dataclass(frozen=True)
class ChainReport:
    entries: int
    #: The last entry that checked out.
    head: ChainHead | None
    sealed_heads: int
    #: The first entry that does not check out, and why.
    fault: ChainFault | None
    #: A sealed-head file that is damaged: nothing then vouches for the chain's length.
    damaged_head_file: str | None = None

    @property
    def intact(self) -> bool:
        return self.fault is None and self.damaged_head_file is None


async def _entries_in_order() -> AsyncIterator[ChainedEntry]:
    after = 0
    while True:
        rows: list[dict[str, Any]] = (
            await AuditEvent.select()
            .where(AuditEvent.seq > after)
            .order_by(AuditEvent.seq)
            .limit(VERIFY_BATCH)
            .output(load_json=True)
        )
        for row in rows:
            yield chained_entry(row)
        if len(rows) < VERIFY_BATCH:
            return
        after = rows[-1]["seq"]


async def verify_chain() -> ChainReport:
    """Recompute every entry's hash and link, then check every sealed head is still there."""
    walk = ChainWalk()
    async for entry in _entries_in_order():
        if walk.feed(entry) is not None:
            break
    try:
        sealed = await in_thread(read_head_files, get_settings().audit_heads_dir)
    except HeadFileDamaged as damage:
        return ChainReport(walk.entries, walk.head, 0, walk.fault, str(damage))
    if walk.fault is not None:
        return ChainReport(walk.entries, walk.head, len(sealed), walk.fault)
    fault = await _first_lost_head(sealed) or await _first_missing_head_file(sealed)
    return ChainReport(walk.entries, walk.head, len(sealed), fault)


async def _first_lost_head(sealed: tuple[SealedHead, ...]) -> ChainFault | None:
    for head in sealed:
        row = (
            await AuditEvent.select(AuditEvent.hash).where(AuditEvent.seq == head.head.seq).first()
        )
        fault = sealed_head_fault(head.head, None if row is None else row["hash"])
        if fault is not None:
            return fault
    return None


async def _first_missing_head_file(sealed: tuple[SealedHead, ...]) -> ChainFault | None:
    """Every seal the chain records must have its file: removing the files is tampering too."""
    kept = {head.sha256 for head in sealed}
    rows = await (
        AuditEvent.select(AuditEvent.seq, AuditEvent.data)
        .where(AuditEvent.action == SEALED_ACTION)
        .order_by(AuditEvent.seq)
        .output(load_json=True)
    )
    for row in rows:
        if row["data"].get("sha256") not in kept:
            return ChainFault(
                row["seq"],
                FaultKind.SEALED_HEAD_FILE_MISSING,
                f"the entry records sealed head file {row['data'].get('sha256')}, which is gone",
            )
    return None


async def seal_head(now: datetime, *, unless_just_sealed: bool = False) -> SealedHead | None:
    """Write the chain's current head into a sealed-head file and record that in the chain;
    None when the chain is empty, or (``unless_just_sealed``) when its last entry is already
    the record of a seal, so an idle log is not sealed over and over."""
    async with write_transaction():
        row = (
            await AuditEvent.select(AuditEvent.seq, AuditEvent.hash, AuditEvent.action)
            .order_by(AuditEvent.seq, ascending=False)
            .first()
        )
        if row is None or (unless_just_sealed and row["action"] == SEALED_ACTION):
            return None
        head = ChainHead(row["seq"], row["hash"])
        sealed = await in_thread(write_head_file, get_settings().audit_heads_dir, head, now)
        await record_event(
            SEALED_ACTION,
            "audit",
            str(head.seq),
            {"seq": head.seq, "hash": head.hash, "sha256": sealed.sha256},
        )
    return sealed


async def seal_heads_forever(every: timedelta) -> None:
    """The background loop: seal the head every ``every`` if entries came since the last seal,
    so a truncation is caught without anyone remembering to run `concord audit seal`. Workers
    running it side by side mostly find each other's seal and skip."""
    while True:
        await asyncio.sleep(every.total_seconds())
        try:
            await seal_head(datetime.now(UTC), unless_just_sealed=True)
        except Exception:
            logger.exception("sealing the audit chain's head failed; trying again later")
