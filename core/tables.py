"""The append-only audit log: every write use case records what it did."""

from __future__ import annotations

from piccolo.columns import JSON, UUID, BigSerial, Timestamptz, Varchar
from piccolo.table import Table


class AuditEvent(Table, tablename="audit_events"):
    id = BigSerial(primary_key=True)
    at = Timestamptz()
    actor_account_id = UUID(null=True, default=None)
    action = Varchar(length=80, index=True)
    entity = Varchar(length=40)
    entity_id = Varchar(length=64, index=True)
    data = JSON(default="{}")
