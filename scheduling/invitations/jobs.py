"""Reminders and outbox delivery as a periodic job (PostgreSQL; SQLite keeps the in-app loop)."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from procrastinate import App

from core.jobs.engine import RETRY, every
from core.outbox.mailer import SmtpMailer
from core.outbox.service import DeliveryReport, Send, deliver_due
from core.settings import Settings
from scheduling.invitations.notifications import run_notifications

NOTIFICATIONS_TASK = "scheduling.invitations.send_notifications"


def register_notification_jobs(app: App, settings: Settings) -> None:
    """Every ``outbox_poll_seconds`` one round, when SMTP is configured (as the loop did).

    The queueing lock keeps one round waiting (a retry included) rather than a pile. Rounds
    may overlap on several workers, as the loops of several app workers did: the outbox's
    claims keep each message single and the reminders' dedupe keys each reminder."""
    if not settings.smtp_host or settings.outbox_poll_seconds <= 0:
        return
    send = SmtpMailer(settings).send
    period = settings.outbox_poll_seconds
    max_attempts = settings.outbox_max_attempts

    @app.periodic(cron=every(period), periodic_id="notifications")
    @app.task(name=NOTIFICATIONS_TASK, retry=RETRY, queueing_lock=NOTIFICATIONS_TASK)
    async def send_notifications(timestamp: int) -> dict[str, int]:
        started = time.monotonic()
        # The clock of the run, not of the schedule: a retried round must not take leases
        # that lapsed while it waited.
        round_ = await run_notifications(send, datetime.now(UTC))
        delivered = [round_.delivery]
        while _delivered_any(delivered[-1]) and time.monotonic() - started < period:
            delivered.append(await _deliver(send, max_attempts))
        return {
            "reminders_queued": round_.reminders_queued,
            "sent": sum(report.sent for report in delivered),
            "retried": sum(report.retried for report in delivered),
            "failed": sum(report.failed for report in delivered),
        }


def _delivered_any(report: DeliveryReport) -> bool:
    """A backlog (a docket booked at once) drains within the period, not a batch a period.
    Not "a full batch": rounds on two workers share a batch, each claiming part of it."""
    return report.sent + report.retried + report.failed > 0


async def _deliver(send: Send, max_attempts: int) -> DeliveryReport:
    return await deliver_due(send, datetime.now(UTC), max_attempts=max_attempts)
