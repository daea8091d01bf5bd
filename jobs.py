"""The job engine's composition root (PostgreSQL): every package's tasks on one app.

Wired here, like app.py, because the tasks come from several packages that may not import
each other; `concord worker` and the app's in-process worker both run this app. On SQLite the
app runs OPERATIONS itself (core/jobs/dispatch.py, in_this_process)."""

from __future__ import annotations

from procrastinate import App

from core.audit_trail.jobs import register_audit_jobs
from core.jobs.dispatch import register_background_jobs
from core.jobs.engine import job_app
from core.jobs.service import Operation
from core.settings import Settings
from hearing.followup.jobs import register_followup_jobs
from minutes.drafts.jobs import BUILD_MINUTES, build_minutes_job
from minutes.seal.jobs import SEAL_MINUTES, seal_minutes_job
from scheduling.calendars.jobs import register_calendar_jobs
from scheduling.invitations.jobs import register_notification_jobs

#: Request work that ``Prefer: respond-async`` hands to the background, by job kind.
OPERATIONS: dict[str, Operation] = {
    BUILD_MINUTES: build_minutes_job,
    SEAL_MINUTES: seal_minutes_job,
}


def concord_jobs(settings: Settings) -> App:
    app = job_app(settings)
    register_background_jobs(app, OPERATIONS)
    register_notification_jobs(app, settings)
    register_calendar_jobs(app, settings)
    register_followup_jobs(app, settings)
    register_audit_jobs(app, settings)
    return app
