"""The job engine's app, built from the settings, and what every Concord task shares."""

from __future__ import annotations

from procrastinate import App, PsycopgConnector, RetryStrategy

from core.settings import Settings

#: A failed job runs again after 2, 4, 8, 16 and 32 s (six runs in all): a busy database or a
#: restarting SMTP server recovers within that, and the next period's job follows anyway.
RETRY = RetryStrategy(max_attempts=5, exponential_wait=2)

#: Succeeded jobs are kept this long (their rows answer "did it run?"), then deleted: a round
#: every 30 s would otherwise add 2,880 rows a day. Failed jobs are kept for a person to see.
KEEP_SUCCEEDED_JOBS_HOURS = 7 * 24

#: How long a job may stay "doing" on a worker whose heartbeat stopped before it is retried.
STALLED_AFTER_SECONDS = 60


class JobsNeedPostgres(RuntimeError):
    pass


def job_app(settings: Settings) -> App:
    """A procrastinate app on the database of ``DATABASE_URL``, with stalled jobs recovered."""
    if not settings.database_url:
        raise JobsNeedPostgres(
            "the job engine needs PostgreSQL (DATABASE_URL); on SQLite `concord run` does the "
            "background work in-process"
        )
    # A worker holds one connection to listen for new jobs and takes others for each job's
    # bookkeeping; the work itself goes through Piccolo's own connections.
    connector = PsycopgConnector(conninfo=settings.database_url, min_size=1, max_size=4)
    app = App(connector=connector)
    _recover_stalled_jobs(app)
    _forget_old_jobs(app)
    return app


def every(seconds: int) -> str:
    """A cron (procrastinate's six fields, seconds last) firing every ``seconds``.

    Cron steps count from the full minute (or hour), so a period that does not divide it fires
    on the step's marks and again on the full minute (45: at :00 and :45); whole minutes are
    kept of a longer period, and an hour or more is hourly."""
    if seconds <= 0:
        raise ValueError("a period must be positive")
    if seconds < 60:
        return f"* * * * * */{seconds}"
    if seconds < 3600:
        return f"*/{seconds // 60} * * * *"
    return "0 * * * *"


def _recover_stalled_jobs(app: App) -> None:
    """A worker that died mid-job leaves it "doing" (and its lock held): put it back in line
    once its heartbeat is older than STALLED_AFTER_SECONDS."""

    @app.periodic(cron="*/5 * * * *", periodic_id="recover_stalled_jobs")
    @app.task(name="core.jobs.recover_stalled_jobs", queueing_lock="core.jobs.recover_stalled")
    async def recover_stalled_jobs(timestamp: int) -> int:
        stalled = await app.job_manager.get_stalled_jobs(
            seconds_since_heartbeat=STALLED_AFTER_SECONDS
        )
        recovered = 0
        for job in stalled:
            await app.job_manager.retry_job(job)
            recovered += 1
        return recovered


def _forget_old_jobs(app: App) -> None:
    @app.periodic(cron="17 * * * *", periodic_id="forget_old_jobs")
    @app.task(name="core.jobs.forget_old_jobs", queueing_lock="core.jobs.forget_old_jobs")
    async def forget_old_jobs(timestamp: int) -> None:
        await app.job_manager.delete_old_jobs(nb_hours=KEEP_SUCCEEDED_JOBS_HOURS)
