"""The job engine's composition root (PostgreSQL): every package's tasks on one app.

Wired here, like app.py, because the tasks come from several packages that may not import
each other; `concord worker` and the app's in-process worker both run this app."""

from __future__ import annotations

from procrastinate import App

from core.jobs.engine import job_app
from core.settings import Settings
from hearing.followup.jobs import register_followup_jobs
from scheduling.calendars.jobs import register_calendar_jobs
from scheduling.invitations.jobs import register_notification_jobs


def concord_jobs(settings: Settings) -> App:
    app = job_app(settings)
    register_notification_jobs(app, settings)
    register_calendar_jobs(app, settings)
    register_followup_jobs(app, settings)
    return app
