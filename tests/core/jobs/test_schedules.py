"""The job engine's schedules and retries, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from croniter import croniter
from procrastinate.jobs import Job

from core.jobs.engine import RETRY, every


def _ticks(cron: str, count: int) -> list[datetime]:
    start = datetime(2026, 12, 2, 10, 0, 0, tzinfo=UTC)
    iterator = croniter(cron, start)
    return [iterator.get_next(datetime) for _ in range(count)]


@pytest.mark.parametrize("seconds", [1, 5, 30])
def test_a_period_under_a_minute_fires_on_its_seconds(seconds: int) -> None:
    ticks = _ticks(every(seconds), 4)
    gaps = {later - earlier for earlier, later in pairwise(ticks)}
    assert gaps == {timedelta(seconds=seconds)}


def test_a_period_of_minutes_fires_on_its_minutes() -> None:
    ticks = _ticks(every(300), 3)
    assert [tick.minute for tick in ticks] == [5, 10, 15]


def test_a_period_of_an_hour_or_more_fires_hourly() -> None:
    assert [tick.hour for tick in _ticks(every(7200), 2)] == [11, 12]


def test_a_period_must_be_positive() -> None:
    with pytest.raises(ValueError):
        every(0)


def _retry_in(attempts: int) -> timedelta | None:
    job = Job(queue="default", lock=None, queueing_lock=None, task_name="t", attempts=attempts)
    decision = RETRY.get_retry_decision(exception=ConnectionError("down"), job=job)
    if decision is None:
        return None
    assert decision.retry_at is not None
    return decision.retry_at - datetime.now(UTC)


def test_a_failed_job_waits_longer_after_each_attempt_then_gives_up() -> None:
    waits = [_retry_in(attempts) for attempts in range(4)]
    assert all(wait is not None for wait in waits)
    seconds = [round(wait.total_seconds()) for wait in waits if wait is not None]
    assert seconds == sorted(seconds) and seconds[0] >= 1 and seconds[-1] > seconds[0]
    assert _retry_in(RETRY.max_attempts or 0) is None
