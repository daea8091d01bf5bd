"""procrastinate on the local PostgreSQL: schema, retries and periodic jobs over two workers."""

from __future__ import annotations

import asyncio
from urllib.parse import quote
from uuid import uuid4

import pytest
from procrastinate import App, RetryStrategy

from core.db import database
from core.jobs.engine import job_app
from core.jobs.schema import ensure_job_schema
from core.migrations import migrate
from core.settings import get_settings
from tests.support.job_workers import eventually, needs_postgres, registered_workers, workers

pytestmark = needs_postgres


async def _job_row(app: App, job_id: int) -> dict[str, object]:
    row = await app.connector.execute_query_one_async(
        "SELECT status::text AS status, attempts FROM procrastinate_jobs WHERE id = %(id)s",
        id=job_id,
    )
    return dict(row)


async def test_migrating_twice_leaves_the_job_schema_as_it_was(db) -> None:
    await migrate()
    await migrate()
    url = get_settings().database_url or ""
    assert await ensure_job_schema(url) is False
    [row] = await database().run_ddl("SELECT to_regclass('procrastinate_jobs') IS NOT NULL AS ok")
    assert row["ok"]


async def test_two_migrations_at_once_apply_the_job_schema_once(db) -> None:
    """Two hosts starting together: the advisory lock lets one apply it, the other sees it."""
    schema = f"jobs_{uuid4().hex[:8]}"
    await database().run_ddl(f"CREATE SCHEMA {schema}")
    base = get_settings().database_url or ""
    url = f"{base}{'&' if '?' in base else '?'}options={quote(f'-csearch_path={schema}')}"
    try:
        applied = await asyncio.gather(ensure_job_schema(url), ensure_job_schema(url))
        assert sorted(applied) == [False, True]
        [row] = await database().run_ddl(
            f"SELECT count(*) AS n FROM pg_tables WHERE schemaname = '{schema}' "
            "AND tablename = 'procrastinate_jobs'"
        )
        assert row["n"] == 1
    finally:
        await database().run_ddl(f"DROP SCHEMA {schema} CASCADE")


async def test_a_failing_job_is_retried_until_it_succeeds(db) -> None:
    app = job_app(get_settings())
    calls: list[int] = []

    @app.task(name="tests.flaky", retry=RetryStrategy(max_attempts=4))
    async def flaky() -> None:
        calls.append(len(calls))
        if len(calls) < 3:
            raise ConnectionError("the server is restarting")

    async with workers(app):
        job_id = await flaky.defer_async()

        async def succeeded() -> bool:
            return (await _job_row(app, job_id))["status"] == "succeeded"

        await eventually(succeeded)
        row = await _job_row(app, job_id)
    assert row == {"status": "succeeded", "attempts": 3}
    assert calls == [0, 1, 2]


async def test_a_job_that_keeps_failing_stops_at_its_last_attempt(db) -> None:
    app = job_app(get_settings())
    calls: list[int] = []

    @app.task(name="tests.broken", retry=RetryStrategy(max_attempts=2))
    async def broken() -> None:
        calls.append(1)
        raise ConnectionError("never up")

    async with workers(app):
        job_id = await broken.defer_async()

        async def failed() -> bool:
            return (await _job_row(app, job_id))["status"] == "failed"

        await eventually(failed)
    assert len(calls) == 3  # the first run and two retries


def _ticking_app(seen: list[int]) -> App:
    # Every worker defers the same periodic job; the database keeps one per timestamp.
    app = job_app(get_settings())

    @app.periodic(cron="* * * * * *", periodic_id="tick")
    @app.task(name="tests.tick")
    async def tick(timestamp: int) -> None:
        seen.append(timestamp)

    return app


async def test_a_periodic_job_runs_once_per_period_across_two_workers(db) -> None:
    seen: list[int] = []
    async with workers(_ticking_app(seen), _ticking_app(seen)):
        await eventually(lambda: _registered(2))
        await asyncio.sleep(4)
    assert len(seen) >= 3
    assert len(seen) == len(set(seen))
    assert sorted(seen) == list(range(min(seen), max(seen) + 1))
    [jobs] = await database().run_ddl(
        "SELECT count(*) FILTER (WHERE status = 'succeeded') AS succeeded, "
        "count(DISTINCT (args->>'timestamp')) AS timestamps, count(*) AS deferred "
        "FROM procrastinate_jobs WHERE task_name = 'tests.tick'"
    )
    assert jobs["succeeded"] == len(seen)
    assert jobs["deferred"] == jobs["timestamps"]


@pytest.mark.parametrize("concurrency", [1, 3])
async def test_a_worker_leaves_the_register_when_it_stops(db, concurrency: int) -> None:
    app = job_app(get_settings())
    async with workers(app, concurrency=concurrency):
        await eventually(lambda: _registered(1))
    assert await registered_workers() == 0


async def _registered(count: int) -> bool:
    return await registered_workers() == count


async def test_a_job_left_doing_by_a_worker_that_died_is_queued_again(db) -> None:
    app = job_app(get_settings())

    @app.task(name="tests.interrupted")
    async def interrupted() -> None:
        pass

    async with app.open_async():
        job_id = await interrupted.defer_async()
        dead_worker = await app.job_manager.register_worker()
        taken = await app.job_manager.fetch_job(queues=None, worker_id=dead_worker)
        assert taken is not None and taken.id == job_id
        await app.connector.execute_query_async(
            "UPDATE procrastinate_workers SET last_heartbeat = now() - interval '5 minutes' "
            "WHERE id = %(id)s",
            id=dead_worker,
        )
        recovered = await app.tasks["core.jobs.recover_stalled_jobs"](timestamp=0)
        assert recovered == 1
        assert (await _job_row(app, job_id))["status"] == "todo"
