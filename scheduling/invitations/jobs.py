"""Reminders and outbox delivery as a periodic job (PostgreSQL; SQLite keeps the in-app loop)."""

from __future__ import annotations

from datetime import UTC, datetime

from procrastinate import App

from core.jobs.engine import RETRY, every
from core.outbox.mailer import SmtpMailer
from core.settings import Settings
from scheduling.invitations.notifications import NotificationRound, run_notifications

NOTIFICATIONS_TASK = "scheduling.invitations.send_notifications"


def register_notification_jobs(app: App, settings: Settings) -> None:
    """Every ``outbox_poll_seconds`` one round, when SMTP is configured (as the loop did)."""
    if not settings.smtp_host or settings.outbox_poll_seconds <= 0:
        return
    send = SmtpMailer(settings).send

    # The queueing lock keeps one round waiting (a retry included) rather than a pile; the lock
    # runs rounds one after another; the outbox claims still keep each message single.
    @app.periodic(cron=every(settings.outbox_poll_seconds), periodic_id="notifications")
    @app.task(
        name=NOTIFICATIONS_TASK,
        retry=RETRY,
        lock=NOTIFICATIONS_TASK,
        queueing_lock=NOTIFICATIONS_TASK,
    )
    async def send_notifications(timestamp: int) -> dict[str, int]:
        # The clock of the run, not of the schedule: a retried round must not take leases
        # that lapsed while it waited.
        round_: NotificationRound = await run_notifications(send, datetime.now(UTC))
        return {
            "reminders_queued": round_.reminders_queued,
            "sent": round_.delivery.sent,
            "retried": round_.delivery.retried,
            "failed": round_.delivery.failed,
        }
