"""Subscribed calendars refreshed by a periodic job (PostgreSQL; SQLite keeps the in-app loop)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from procrastinate import App

from core.jobs.engine import RETRY
from core.settings import Settings
from scheduling.calendars.service import refresh_due_calendars

CALENDAR_REFRESH_TASK = "scheduling.calendars.refresh_due_calendars"


def register_calendar_jobs(app: App, settings: Settings) -> None:
    """Every minute, the calendars older than ``calendar_refresh_minutes`` (as the loop did)."""
    if settings.calendar_refresh_minutes <= 0:
        return
    max_age = timedelta(minutes=settings.calendar_refresh_minutes)

    @app.periodic(cron="* * * * *", periodic_id="calendar_refresh")
    @app.task(
        name=CALENDAR_REFRESH_TASK,
        retry=RETRY,
        lock=CALENDAR_REFRESH_TASK,
        queueing_lock=CALENDAR_REFRESH_TASK,
    )
    async def refresh_calendars(timestamp: int) -> int:
        return await refresh_due_calendars(datetime.now(UTC), max_age)
