"""The outbox: messages are written with the change they announce and sent afterwards.

Queuing happens inside the caller's write transaction, so a booking that rolls back queues
nothing and a booking that commits cannot lose its messages, whatever happens to the process
next. Workers claim one message at a time with a conditional update (a lease), send it and mark
it sent; a worker that dies mid-way leaves a lease that lapses, and the message is sent again
under the same Message-ID.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.header import decode_header, make_header
from email.message import Message
from email.utils import parseaddr
from uuid import UUID, uuid4

from core.crud import Row, all_of, fetch_one, fetch_page
from core.errors import Conflict
from core.outbox.text_body import text_body
from core.tables import OutboxMessage

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
#: A claimed message must be sent within this time, or another worker may take it over.
LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)


class SendFailure(Exception):
    """Sending failed; ``permanent`` failures (a 5xx answer) are not retried."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


#: Sends one message's bytes from an envelope sender to one recipient; raises SendFailure.
Send = Callable[[bytes, str], Awaitable[None]]


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the ``attempts``-th failed attempt: 30 s, 1 min, 2 min, ... 1 h."""
    doublings = min(max(attempts - 1, 0), 20)
    return min(FIRST_RETRY * (1 << doublings), LONGEST_RETRY)


def message_id_for(outbox_id: UUID, domain: str) -> str:
    return f"<{outbox_id}@{domain}>"


def wire_text(message: Message) -> str:
    """The message as sent (CRLF line ends), serialised under its own policy: a legacy (compat32)
    message under the modern policy would have every header parsed and refolded again."""
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n")).decode("ascii")


@dataclass(frozen=True)
class Outgoing:
    """A message to queue, with what the outbox files it under."""

    message: Message
    recipient: str
    topic: str
    entity_id: UUID | str
    dedupe_key: str


async def queue_message(
    message: Message,
    *,
    recipient: str,
    topic: str,
    entity_id: UUID | str,
    dedupe_key: str,
    now: datetime,
) -> bool:
    """Queue ``message`` unless one with ``dedupe_key`` was already queued; call this inside the
    transaction of the change the message announces. Returns whether it was queued."""
    outgoing = Outgoing(message, recipient, topic, entity_id, dedupe_key)
    return await queue_messages([outgoing], now) == 1


async def queue_messages(outgoing: Sequence[Outgoing], now: datetime) -> int:
    """Queue each message unless one with its dedupe key was already queued, in one statement
    (a booking queues one per participant); returns how many were queued.

    The Message-ID is fixed here, so a message sent again after a crash can be recognised as
    the same one by the receiving side.
    """
    if not outgoing:
        return 0
    rows = [_outbox_row(item, now) for item in outgoing]
    queued = (
        await OutboxMessage.insert(*rows)
        .on_conflict(target=OutboxMessage.dedupe_key, action="DO NOTHING")
        .returning(OutboxMessage.id)
    )
    return len(queued)


def _outbox_row(item: Outgoing, now: datetime) -> OutboxMessage:
    outbox_id = uuid4()
    message = item.message
    if "Message-ID" not in message:
        domain = parseaddr(str(message["From"]))[1].rpartition("@")[2]
        message["Message-ID"] = message_id_for(outbox_id, domain)
    return OutboxMessage(
        id=outbox_id,
        dedupe_key=item.dedupe_key,
        topic=item.topic,
        entity_id=str(item.entity_id),
        recipient=item.recipient,
        subject=str(make_header(decode_header(message["Subject"] or ""))),
        message=wire_text(message),
        status=PENDING,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )


async def queued_keys(dedupe_keys: Iterable[str]) -> set[str]:
    """Which of ``dedupe_keys`` were queued already (in any state)."""
    keys = list(dedupe_keys)
    if not keys:
        return set()
    rows = await OutboxMessage.select(OutboxMessage.dedupe_key).where(
        OutboxMessage.dedupe_key.is_in(keys)
    )
    return {row["dedupe_key"] for row in rows}


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def _claimable(now: datetime) -> object:
    return ((OutboxMessage.status == PENDING) & (OutboxMessage.next_attempt_at <= now)) | (
        (OutboxMessage.status == SENDING) & (OutboxMessage.lease_until < now)
    )


async def _claim(outbox_id: UUID, now: datetime, claim: str) -> Row | None:
    """Take one message for this worker; None when another worker was quicker."""
    rows = (
        await OutboxMessage.update(
            {
                OutboxMessage.status: SENDING,
                OutboxMessage.claim: claim,
                OutboxMessage.lease_until: now + LEASE,
            }
        )
        .where((OutboxMessage.id == outbox_id) & _claimable(now))  # type: ignore[operator]
        .returning(
            OutboxMessage.id,
            OutboxMessage.recipient,
            OutboxMessage.message,
            OutboxMessage.attempts,
        )
    )
    return rows[0] if rows else None


async def _settle(outbox_id: UUID, claim: str, changes: dict[object, object]) -> None:
    """Record the result, unless the lease lapsed and another worker took the message over."""
    await OutboxMessage.update(changes).where(  # type: ignore[arg-type]
        (OutboxMessage.id == outbox_id) & (OutboxMessage.claim == claim)
    )


async def deliver_due(
    send: Send, now: datetime, *, max_attempts: int, batch: int = 50
) -> DeliveryReport:
    """Send the messages that are due: new ones, retries whose time came, lapsed leases."""
    candidates = (
        await OutboxMessage.select(OutboxMessage.id)
        .where(_claimable(now))  # type: ignore[arg-type]
        .order_by(OutboxMessage.created_at)
        .limit(batch)
    )
    claim = uuid4().hex
    report = DeliveryReport()
    for candidate in candidates:
        row = await _claim(candidate["id"], now, claim)
        if row is not None:
            await _deliver(send, row, claim, now, max_attempts, report)
    return report


async def _deliver(
    send: Send, row: Row, claim: str, now: datetime, max_attempts: int, report: DeliveryReport
) -> None:
    """Send one claimed message and record the outcome, in the outbox and in ``report``."""
    try:
        await send(row["message"].encode("ascii"), row["recipient"])
    except SendFailure as failure:
        attempts = row["attempts"] + 1
        give_up = failure.permanent or attempts >= max_attempts
        await _settle(
            row["id"],
            claim,
            {
                OutboxMessage.status: FAILED if give_up else PENDING,
                OutboxMessage.attempts: attempts,
                OutboxMessage.last_error: str(failure),
                OutboxMessage.next_attempt_at: now + retry_delay(attempts),
                OutboxMessage.claim: None,
                OutboxMessage.lease_until: None,
            },
        )
        if give_up:
            report.failed += 1
        else:
            report.retried += 1
        return
    await _settle(
        row["id"],
        claim,
        {
            OutboxMessage.status: SENT,
            OutboxMessage.attempts: row["attempts"] + 1,
            OutboxMessage.sent_at: now,
            OutboxMessage.last_error: None,
            OutboxMessage.claim: None,
            OutboxMessage.lease_until: None,
        },
    )
    report.sent += 1


async def retry_failed(outbox_id: UUID, now: datetime) -> bool:
    """Put a message that gave up back in the queue (after fixing an address, say)."""
    rows = (
        await OutboxMessage.update(
            {
                OutboxMessage.status: PENDING,
                OutboxMessage.next_attempt_at: now,
                OutboxMessage.attempts: 0,
            }
        )
        .where((OutboxMessage.id == outbox_id) & (OutboxMessage.status == FAILED))
        .returning(OutboxMessage.id)
    )
    return bool(rows)


MESSAGE_COLUMNS = (
    OutboxMessage.id,
    OutboxMessage.topic,
    OutboxMessage.entity_id,
    OutboxMessage.recipient,
    OutboxMessage.subject,
    OutboxMessage.status,
    OutboxMessage.attempts,
    OutboxMessage.next_attempt_at,
    OutboxMessage.last_error,
    OutboxMessage.created_at,
    OutboxMessage.sent_at,
)


async def list_messages(
    limit: int, offset: int, *, status: str | None = None, entity_id: str | None = None
) -> tuple[list[Row], int]:
    where = all_of(
        [
            OutboxMessage.status == status if status else None,
            OutboxMessage.entity_id == entity_id if entity_id else None,
        ]
    )
    return await fetch_page(
        OutboxMessage,
        MESSAGE_COLUMNS,
        where=where,
        limit=limit,
        offset=offset,
        order_by=OutboxMessage.created_at,
    )


async def get_message(outbox_id: UUID) -> Row:
    return await fetch_one(OutboxMessage, outbox_id, MESSAGE_COLUMNS, "message")


async def message_with_body(outbox_id: UUID) -> Row:
    """The message with its plain-text body: what its recipient reads."""
    row = await fetch_one(
        OutboxMessage, outbox_id, (*MESSAGE_COLUMNS, OutboxMessage.message), "message"
    )
    return {**row, "text_body": text_body(row.pop("message"))}


async def retry_message(outbox_id: UUID, now: datetime) -> Row:
    """Send a failed message once more; any other message is refused (409 message_not_failed)."""
    await get_message(outbox_id)
    if not await retry_failed(outbox_id, now):
        raise Conflict(
            "only a failed message can be retried", code="message_not_failed", field="id"
        )
    return await get_message(outbox_id)
