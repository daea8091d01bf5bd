"""The audit log becomes a hash chain: seq, before, prev_hash and hash on every entry.

Entries already written are chained in the order they were written (by id). Piccolo runs a
migration's raw steps before its column changes, so the columns are added here in SQL too.
The database then refuses an insert that does not extend the chain (its seq and prev_hash);
that the hash itself is right only `concord audit verify` can tell.
"""

import json

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine

from core.audit import without_personal_values
from core.audit_trail.chain import GENESIS_HASH, entry_hash
from core.tables import AuditEvent

ID = "2026-12-02T01:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "audit_events hash chain"

POSTGRES_COLUMNS = """
ALTER TABLE audit_events
    ADD COLUMN seq BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN before JSON NULL DEFAULT NULL,
    ADD COLUMN prev_hash VARCHAR(64) NOT NULL DEFAULT '',
    ADD COLUMN hash VARCHAR(64) NOT NULL DEFAULT ''
"""
SQLITE_COLUMNS = (
    "ALTER TABLE audit_events ADD COLUMN seq INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE audit_events ADD COLUMN before JSON NULL DEFAULT NULL",
    "ALTER TABLE audit_events ADD COLUMN prev_hash VARCHAR(64) NOT NULL DEFAULT ''",
    "ALTER TABLE audit_events ADD COLUMN hash VARCHAR(64) NOT NULL DEFAULT ''",
)
POSTGRES_EXTENDS_CHAIN = f"""
CREATE OR REPLACE FUNCTION audit_events_extend_chain() RETURNS trigger AS $$
DECLARE
    head audit_events%ROWTYPE;
BEGIN
    SELECT * INTO head FROM audit_events ORDER BY seq DESC LIMIT 1;
    IF NEW.seq IS DISTINCT FROM COALESCE(head.seq, 0) + 1
        OR NEW.prev_hash IS DISTINCT FROM COALESCE(head.hash, '{GENESIS_HASH}') THEN
        RAISE EXCEPTION 'audit_events: a new entry must extend the chain';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql
"""
SQLITE_EXTENDS_CHAIN = f"""
CREATE TRIGGER audit_events_extend_chain BEFORE INSERT ON audit_events
WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_events)
    OR NEW.prev_hash IS NOT COALESCE(
        (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1), '{GENESIS_HASH}'
    )
BEGIN
    SELECT RAISE(ABORT, 'audit_events: a new entry must extend the chain');
END
"""
SQLITE_NO_UPDATE = (
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
)


async def _chain_existing_entries(postgres: bool) -> None:
    # Only the columns written before this migration: the others hold their defaults yet.
    rows = (
        await AuditEvent.select(
            AuditEvent.id,
            AuditEvent.at,
            AuditEvent.actor_account_id,
            AuditEvent.action,
            AuditEvent.entity,
            AuditEvent.entity_id,
            AuditEvent.data,
        )
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )
    if not rows:
        return
    # The rows are rewritten once, here, before the chain exists to protect them; contact
    # details recorded before the log stopped taking them go at the same time.
    if postgres:
        await AuditEvent.raw("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
    else:
        await AuditEvent.raw("DROP TRIGGER audit_events_no_update")
    prev_hash = GENESIS_HASH
    for seq, row in enumerate(rows, start=1):
        actor = row["actor_account_id"]
        data = without_personal_values(dict(row["data"]))
        digest = entry_hash(
            seq=seq,
            at=row["at"],
            actor=None if actor is None else str(actor),
            action=row["action"],
            entity=row["entity"],
            entity_id=row["entity_id"],
            before=None,
            after=data,
            prev_hash=prev_hash,
        )
        await AuditEvent.raw(
            "UPDATE audit_events SET seq = {}, data = {}, prev_hash = {}, hash = {} WHERE id = {}",
            seq,
            json.dumps(data, ensure_ascii=False),
            prev_hash,
            digest,
            row["id"],
        )
        prev_hash = digest
    if postgres:
        await AuditEvent.raw("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")
    else:
        await AuditEvent.raw(SQLITE_NO_UPDATE)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="core", description=DESCRIPTION)

    async def chain():
        postgres = isinstance(AuditEvent._meta.db, PostgresEngine)
        if postgres:
            await AuditEvent.raw(POSTGRES_COLUMNS)
        else:
            for statement in SQLITE_COLUMNS:
                await AuditEvent.raw(statement)
        await _chain_existing_entries(postgres)
        await AuditEvent.raw("CREATE UNIQUE INDEX audit_events_seq ON audit_events (seq)")
        if postgres:
            await AuditEvent.raw(POSTGRES_EXTENDS_CHAIN)
            await AuditEvent.raw(
                "CREATE TRIGGER audit_events_extend_chain BEFORE INSERT ON audit_events "
                "FOR EACH ROW EXECUTE FUNCTION audit_events_extend_chain()"
            )
        else:
            await AuditEvent.raw(SQLITE_EXTENDS_CHAIN)

    manager.add_raw(chain)
    return manager
