"""Which periodic jobs `concord worker` and the app's job worker run, from the settings."""

from __future__ import annotations

from dataclasses import replace

from core.jobs.engine import every
from core.settings import Settings
from hearing.followup.jobs import FOLLOWUP_TASK
from jobs import concord_jobs
from scheduling.calendars.jobs import CALENDAR_REFRESH_TASK
from scheduling.invitations.jobs import NOTIFICATIONS_TASK

# The connector opens nothing until a worker starts: no database is needed here.
ON_POSTGRES = Settings(database_url="postgresql://concord@127.0.0.1:5432/concord")


def _schedule(settings: Settings) -> dict[str, str]:
    return {
        task.task.name: task.cron
        for task in concord_jobs(settings).periodic_registry.periodic_tasks.values()
    }


def test_with_smtp_every_background_round_is_a_periodic_job() -> None:
    schedule = _schedule(replace(ON_POSTGRES, smtp_host="mail.example", outbox_poll_seconds=20))
    assert schedule[NOTIFICATIONS_TASK] == every(20)
    assert schedule[CALENDAR_REFRESH_TASK] == "* * * * *"
    assert schedule[FOLLOWUP_TASK] == ON_POSTGRES.followup_cron


def test_without_smtp_nothing_is_sent_and_zero_or_empty_turn_the_others_off() -> None:
    schedule = _schedule(replace(ON_POSTGRES, calendar_refresh_minutes=0, followup_cron=""))
    assert not {NOTIFICATIONS_TASK, CALENDAR_REFRESH_TASK, FOLLOWUP_TASK} & set(schedule)
    # What keeps the engine itself healthy runs whatever the settings.
    assert {"core.jobs.recover_stalled_jobs", "core.jobs.forget_old_jobs"} <= set(schedule)
