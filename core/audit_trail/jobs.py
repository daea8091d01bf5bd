"""The audit chain's head sealed by a periodic job (PostgreSQL; SQLite keeps the in-app loop),
so several app workers and `concord worker` hosts seal it once a period, not once each."""

from __future__ import annotations

from datetime import UTC, datetime

from procrastinate import App

from core.audit_trail.service import seal_head
from core.jobs.engine import RETRY, every
from core.settings import Settings

AUDIT_SEAL_TASK = "core.audit_trail.seal_head"


def register_audit_jobs(app: App, settings: Settings) -> None:
    """Every ``audit_seal_minutes``: the head sealed unless nothing came since the last seal."""
    if settings.audit_seal_minutes <= 0:
        return

    @app.periodic(cron=every(settings.audit_seal_minutes * 60), periodic_id="audit_seal")
    @app.task(
        name=AUDIT_SEAL_TASK, retry=RETRY, lock=AUDIT_SEAL_TASK, queueing_lock=AUDIT_SEAL_TASK
    )
    async def seal_audit_head(timestamp: int) -> bool:
        return await seal_head(datetime.now(UTC), unless_just_sealed=True) is not None
