"""Cross-cutting tables: the append-only audit log and the outbox of messages to send."""

from __future__ import annotations

from piccolo.columns import JSON, UUID, BigInt, BigSerial, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table


class AuditEvent(Table, tablename="audit_events"):
    """One entry of the hash chain (core/audit_trail/chain.py); the database refuses to change
    or remove entries and to insert one that does not extend the chain.

    ``data`` is the entry's ``after``: what the entity became or what happened; ``before``
    holds what a change replaced, when its caller gave it. ``seq`` is unique and gap-free,
    unlike ``id``, which a rolled-back insert skips.
    """

    id = BigSerial(primary_key=True)
    seq = BigInt(unique=True)
    at = Timestamptz()
    actor_account_id = UUID(null=True, default=None)
    action = Varchar(length=80, index=True)
    entity = Varchar(length=40)
    entity_id = Varchar(length=64, index=True)
    before = JSON(null=True, default=None)
    data = JSON(default="{}")
    prev_hash = Varchar(length=64)
    hash = Varchar(length=64)


class OutboxMessage(Table, tablename="outbox_messages"):
    """An email written in the same transaction as the change it announces, sent afterwards.

    ``dedupe_key`` makes queuing the same announcement twice impossible; ``claim`` and
    ``lease_until`` let several workers share the outbox without sending a message twice.
    """

    id = UUID(primary_key=True)
    dedupe_key = Varchar(length=200, unique=True)
    topic = Varchar(length=60)
    entity_id = Varchar(length=64, index=True)
    recipient = Varchar(length=320)
    subject = Text()
    message = Text()
    status = Varchar(length=20, default="pending", index=True)
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz()
    claim = Varchar(length=64, null=True, default=None)
    lease_until = Timestamptz(null=True, default=None)
    last_error = Text(null=True, default=None)
    created_at = Timestamptz()
    sent_at = Timestamptz(null=True, default=None)


class PublicRequest(Table, tablename="public_requests"):
    """A recent request to a public endpoint that writes the audit log, counted per address
    by the throttle (core/throttle.py); rows older than its window are deleted as it goes."""

    id = UUID(primary_key=True)
    at = Timestamptz(index=True)
    endpoint_group = Varchar(length=40)
    address = Varchar(length=64, index=True)
