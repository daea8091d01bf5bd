"""HTTP endpoints for the outbox: what was sent to whom, what is waiting, retrying failures."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal
from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery

from core.outbox import service as outbox
from core.web.guards import staff_only
from core.web.paging import Limit, Offset


class OutboxMessageRead(msgspec.Struct):
    id: UUID
    topic: str
    entity_id: str
    recipient: str
    subject: str
    status: str
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    last_error: str | None = None
    sent_at: datetime | None = None


class OutboxMessageWithBody(OutboxMessageRead):
    text_body: str = ""


class OutboxMessageList(msgspec.Struct):
    items: list[OutboxMessageRead]
    total: int
    limit: int
    offset: int


class OutboxController(Controller):
    path = "/api/v1/outbox"
    tags = ("notifications",)

    @get("/", operation_id="listOutboxMessages", guards=[staff_only])
    async def list_messages(
        self,
        limit: Limit = 50,
        offset: Offset = 0,
        status: FromQuery[Literal["pending", "sending", "sent", "failed"] | None] = None,
        session_id: FromQuery[UUID | None] = None,
    ) -> OutboxMessageList:
        """Emails queued by bookings, reschedules, cancellations and reminders, oldest first."""
        rows, total = await outbox.list_messages(
            limit, offset, status=status, entity_id=str(session_id) if session_id else None
        )
        items = [msgspec.convert(row, OutboxMessageRead) for row in rows]
        return OutboxMessageList(items=items, total=total, limit=limit, offset=offset)

    @get("/{message_id:uuid}", operation_id="getOutboxMessage", guards=[staff_only])
    async def get_message(self, message_id: FromPath[UUID]) -> OutboxMessageWithBody:
        """One message with its plain-text body, as its recipient reads it."""
        return msgspec.convert(await outbox.message_with_body(message_id), OutboxMessageWithBody)

    @post(
        "/{message_id:uuid}/retry",
        operation_id="retryOutboxMessage",
        status_code=200,
        guards=[staff_only],
    )
    async def retry(self, message_id: FromPath[UUID]) -> OutboxMessageRead:
        """Send a message that gave up once more (after correcting an address, say)."""
        row = await outbox.retry_message(message_id, datetime.now(UTC))
        return msgspec.convert(row, OutboxMessageRead)
