"""The outbox: queued with the change, sent once, retried with backoff, shared by workers."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest

from core.db import write_transaction
from core.outbox.service import (
    LEASE,
    Outgoing,
    SendFailure,
    deliver_due,
    queue_message,
    queue_messages,
    retry_delay,
    retry_failed,
)
from core.tables import OutboxMessage

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def mail(subject: str = "Invitation") -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = "Office <office@concord.example>"
    message["To"] = "someone@example.cn"
    message.set_content("hello")
    return message


async def queue(key: str = "k1", recipient: str = "someone@example.cn") -> bool:
    async with write_transaction():
        return await queue_message(
            mail(), recipient=recipient, topic="test", entity_id="e", dedupe_key=key, now=NOW
        )


class Recorder:
    def __init__(self, failures: list[SendFailure] | None = None, delay: float = 0) -> None:
        self.sent: list[tuple[bytes, str]] = []
        self.failures = failures or []
        self.delay = delay

    async def __call__(self, message: bytes, recipient: str) -> None:
        await asyncio.sleep(self.delay)
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((message, recipient))


async def stored() -> list[dict[str, object]]:
    return await OutboxMessage.select().order_by(OutboxMessage.created_at)


def test_backoff_doubles_up_to_an_hour() -> None:
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert retry_delay(50) == timedelta(hours=1)


async def test_the_same_announcement_is_queued_once(db) -> None:
    assert await queue("k1") is True
    assert await queue("k1") is False
    assert len(await stored()) == 1


async def test_nothing_is_queued_when_the_change_rolls_back(db) -> None:
    with pytest.raises(RuntimeError):
        async with write_transaction():
            await queue_message(
                mail(), recipient="a@b.cn", topic="t", entity_id="e", dedupe_key="k", now=NOW
            )
            raise RuntimeError("the booking failed after queuing")
    assert await stored() == []


async def test_a_message_is_sent_once_with_a_stable_message_id(db) -> None:
    await queue()
    send = Recorder()
    report = await deliver_due(send, NOW, max_attempts=3)
    assert (report.sent, report.retried, report.failed) == (1, 0, 0)
    assert await deliver_due(send, NOW + timedelta(hours=1), max_attempts=3) == report.__class__()
    [(raw, recipient)] = send.sent
    assert recipient == "someone@example.cn"
    [row] = await stored()
    assert row["status"] == "sent" and row["attempts"] == 1 and row["sent_at"] == NOW
    assert f"Message-ID: <{row['id']}@concord.example>".encode() in raw


async def test_a_temporary_failure_is_retried_after_the_backoff(db) -> None:
    await queue()
    send = Recorder([SendFailure("421 try later", permanent=False)])
    assert (await deliver_due(send, NOW, max_attempts=3)).retried == 1
    [row] = await stored()
    assert (row["status"], row["attempts"], row["last_error"]) == ("pending", 1, "421 try later")
    assert row["next_attempt_at"] == NOW + timedelta(seconds=30)

    assert (await deliver_due(send, NOW + timedelta(seconds=29), max_attempts=3)).sent == 0
    assert (await deliver_due(send, NOW + timedelta(seconds=30), max_attempts=3)).sent == 1
    [row] = await stored()
    assert (row["status"], row["attempts"], row["last_error"]) == ("sent", 2, None)


async def test_a_permanent_failure_is_not_retried_until_someone_asks(db) -> None:
    await queue()
    send = Recorder([SendFailure("550 no such mailbox", permanent=True)])
    assert (await deliver_due(send, NOW, max_attempts=3)).failed == 1
    assert (await deliver_due(send, NOW + timedelta(days=1), max_attempts=3)).sent == 0
    [row] = await stored()
    assert row["status"] == "failed"

    assert await retry_failed(row["id"], NOW + timedelta(days=1)) is True
    assert await retry_failed(row["id"], NOW + timedelta(days=1)) is False
    assert (await deliver_due(send, NOW + timedelta(days=1), max_attempts=3)).sent == 1


async def test_a_message_gives_up_after_the_last_attempt(db) -> None:
    await queue()
    send = Recorder([SendFailure("timeout", permanent=False)] * 2)
    await deliver_due(send, NOW, max_attempts=2)
    report = await deliver_due(send, NOW + timedelta(minutes=1), max_attempts=2)
    assert report.failed == 1
    [row] = await stored()
    assert (row["status"], row["attempts"]) == ("failed", 2)


async def test_a_worker_that_died_after_claiming_leaves_the_message_to_the_next(db) -> None:
    await queue()
    crashed = (
        await OutboxMessage.update(
            {
                OutboxMessage.status: "sending",
                OutboxMessage.claim: "dead-worker",
                OutboxMessage.lease_until: NOW + LEASE,
            }
        )
        .where(OutboxMessage.dedupe_key == "k1")
        .returning(OutboxMessage.id)
    )
    assert crashed
    send = Recorder()
    assert (await deliver_due(send, NOW + timedelta(minutes=1), max_attempts=3)).sent == 0
    assert (await deliver_due(send, NOW + LEASE + timedelta(seconds=1), max_attempts=3)).sent == 1
    assert len(send.sent) == 1


async def test_workers_running_at_once_send_every_message_exactly_once(db) -> None:
    for index in range(12):
        await queue(f"k{index}", f"p{index}@example.cn")
    send = Recorder(delay=0.01)
    reports = await asyncio.gather(*(deliver_due(send, NOW, max_attempts=3) for _ in range(3)))
    assert sum(report.sent for report in reports) == 12
    assert sorted(recipient for _, recipient in send.sent) == sorted(
        f"p{index}@example.cn" for index in range(12)
    )
    assert {row["status"] for row in await stored()} == {"sent"}


async def test_a_batch_queues_each_new_key_once_in_one_statement(db) -> None:
    await queue("k1")
    batch = [
        Outgoing(mail(f"m{key}"), f"{key}@example.cn", "test", "e", key)
        for key in ("k1", "k2", "k3")
    ]
    async with write_transaction():
        assert await queue_messages(batch, NOW) == 2
    rows = await stored()
    assert sorted(str(row["dedupe_key"]) for row in rows) == ["k1", "k2", "k3"]
    subjects = {row["dedupe_key"]: row["subject"] for row in rows}
    assert subjects == {"k1": "Invitation", "k2": "mk2", "k3": "mk3"}
    assert await queue_messages([], NOW) == 0
