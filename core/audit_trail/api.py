"""HTTP endpoint for reading the audit log (administrators)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get
from litestar.params import QueryParameter

from core.audit_trail import service as audit
from core.audit_trail.chain import ChainedEntry
from core.web.guards import account_of
from core.web.paging import Limit, Offset


class AuditEntryRead(msgspec.Struct):
    seq: int
    at: datetime
    #: The account that acted; null for what happened without a login (a public download).
    actor: str | None
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any]
    prev_hash: str
    hash: str


class AuditEntryList(msgspec.Struct):
    items: list[AuditEntryRead]
    total: int
    limit: int
    offset: int


def entry_read(entry: ChainedEntry) -> AuditEntryRead:
    return AuditEntryRead(
        seq=entry.seq,
        at=entry.at,
        actor=entry.actor,
        action=entry.action,
        entity=entry.entity,
        entity_id=entry.entity_id,
        before=None if entry.before is None else dict(entry.before),
        after=dict(entry.after),
        prev_hash=entry.prev_hash,
        hash=entry.hash,
    )


class AuditController(Controller):
    path = "/api/v1/audit"
    tags = ["audit"]

    @get("/", operation_id="listAuditEntries")
    async def list_entries(
        self,
        request: Request[Any, Any, Any],
        limit: Limit = 50,
        offset: Offset = 0,
        entity: Annotated[str | None, QueryParameter(max_length=40)] = None,
        entity_id: Annotated[str | None, QueryParameter(max_length=64)] = None,
    ) -> AuditEntryList:
        """The audit chain oldest first, optionally about one entity (``?entity=&entity_id=``);
        each entry carries the hash of the one before it."""
        entries, total = await audit.audit_entries(
            account_of(request), limit, offset, entity=entity, entity_id=entity_id
        )
        return AuditEntryList(
            items=[entry_read(entry) for entry in entries], total=total, limit=limit, offset=offset
        )
