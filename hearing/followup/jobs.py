"""The daily follow-up round as a periodic job (PostgreSQL; on SQLite `concord followup run`)."""

from __future__ import annotations

from datetime import UTC, datetime

from procrastinate import App

from core.jobs.engine import RETRY
from core.settings import Settings
from hearing.followup.escalation import run_followup

FOLLOWUP_TASK = "hearing.followup.run_followup"


def register_followup_jobs(app: App, settings: Settings) -> None:
    """At ``followup_cron`` (UTC): mark overdue items, queue supervision notices, escalate."""
    if not settings.followup_cron:
        return

    @app.periodic(cron=settings.followup_cron, periodic_id="followup")
    @app.task(name=FOLLOWUP_TASK, retry=RETRY, lock=FOLLOWUP_TASK, queueing_lock=FOLLOWUP_TASK)
    async def follow_up(timestamp: int) -> dict[str, int]:
        result = await run_followup(datetime.now(UTC))
        return {
            "marked_overdue": result.marked_overdue,
            "notices_queued": result.notices_queued,
            "escalated": result.escalated,
        }
