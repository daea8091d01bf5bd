"""The background work of several server processes (job workers on PostgreSQL, in-app loops
on SQLite) sends each message once."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from core.tables import OutboxMessage
from scheduling.booking import service as booking_service
from tests.support.builders import make_room, mediation_session
from tests.support.flow import next_weekday_at
from tests.support.live_server import live_server
from tests.support.mail_server import MailServer

SESSIONS = 10


async def test_three_server_workers_share_the_outbox_without_sending_twice(
    db, mail_server: MailServer
) -> None:
    room = await make_room("调解室")
    first = next_weekday_at(9)
    now = datetime.now(UTC)
    for index in range(SESSIONS):
        session, _ = await mediation_session(f"w{index}")
        await booking_service.book_session(
            session.id, first + timedelta(hours=index % 3, days=index // 3), room, now
        )
    assert await OutboxMessage.count() == 3 * SESSIONS

    settings = {
        "CONCORD_SMTP_HOST": "127.0.0.1",
        "CONCORD_SMTP_PORT": str(mail_server.settings.smtp_port),
        "CONCORD_SMTP_SECURITY": "none",
        "CONCORD_OUTBOX_POLL_SECONDS": "1",
        # PostgreSQL: each server worker runs a job worker (SQLite: the in-app loop).
        "CONCORD_JOBS_IN_PROCESS": "true",
    }
    received = mail_server.collector.received
    with live_server(workers=3, settings=settings):
        deadline = time.monotonic() + 60
        while len(received) < 3 * SESSIONS and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        await asyncio.sleep(2.5)  # every worker polls at least twice more

    message_ids = [mail.message["Message-ID"] for mail in received]
    assert len(message_ids) == 3 * SESSIONS
    assert len(set(message_ids)) == 3 * SESSIONS
    statuses = await OutboxMessage.select(OutboxMessage.status, OutboxMessage.attempts)
    assert {(row["status"], row["attempts"]) for row in statuses} == {("sent", 1)}
