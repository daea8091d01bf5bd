"""Reminders and outbox delivery as jobs: two job workers over the same due messages."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from core.tables import OutboxMessage
from jobs import concord_jobs
from scheduling.booking import service as booking_service
from scheduling.invitations.jobs import NOTIFICATIONS_TASK
from tests.support.builders import make_room, mediation_session
from tests.support.flow import next_weekday_at
from tests.support.job_workers import eventually, needs_postgres, workers
from tests.support.mail_server import MailServer

pytestmark = needs_postgres

SESSIONS = 8


async def _book_sessions() -> None:
    room = await make_room("调解室")
    first = next_weekday_at(9)
    now = datetime.now(UTC)
    for index in range(SESSIONS):
        session, _ = await mediation_session(f"j{index}")
        await booking_service.book_session(
            session.id, first + timedelta(hours=index % 3, days=index // 3), room, now
        )


async def test_two_job_workers_send_each_due_message_exactly_once(
    db, mail_server: MailServer
) -> None:
    await _book_sessions()
    expected: int = await OutboxMessage.count()
    assert expected == 3 * SESSIONS
    settings = replace(mail_server.settings, outbox_poll_seconds=1)
    received = mail_server.collector.received

    async with workers(concord_jobs(settings), concord_jobs(settings)):

        async def all_sent() -> bool:
            return len(received) >= expected

        await eventually(all_sent, timeout=60)

        async def two_more_rounds() -> bool:
            [row] = await OutboxMessage.raw(
                "SELECT count(*) AS n FROM procrastinate_jobs WHERE task_name = {} "
                "AND status = 'succeeded'",
                NOTIFICATIONS_TASK,
            )
            return int(row["n"]) >= 3

        await eventually(two_more_rounds)

    message_ids = [mail.message["Message-ID"] for mail in received]
    assert len(message_ids) == expected
    assert len(set(message_ids)) == expected
    statuses = await OutboxMessage.select(OutboxMessage.status, OutboxMessage.attempts)
    assert {(row["status"], row["attempts"]) for row in statuses} == {("sent", 1)}


async def test_while_the_mail_server_is_down_the_messages_wait_in_the_outbox(
    db, mail_server: MailServer
) -> None:
    await _book_sessions()
    # Nothing listens there: every send fails, the outbox schedules its own retries.
    down = replace(mail_server.settings, smtp_port=1, outbox_poll_seconds=1)
    async with workers(concord_jobs(down)):

        async def attempted() -> bool:
            rows = await OutboxMessage.select(OutboxMessage.attempts)
            return all(row["attempts"] >= 1 for row in rows)

        await eventually(attempted)
    assert mail_server.collector.received == []
    statuses = await OutboxMessage.select(OutboxMessage.status)
    assert {row["status"] for row in statuses} == {"pending"}
