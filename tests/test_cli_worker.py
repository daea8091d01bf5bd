"""`concord worker`: a job worker on PostgreSQL until stopped; on SQLite it says what to run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest

from cli import main
from core.settings import get_settings
from tests.support.job_workers import eventually, needs_postgres, registered_workers
from tests.support.live_server import PROJECT_ROOT


@pytest.fixture
def without_database_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


def test_without_postgres_the_worker_explains_and_exits(without_database_url, capsys) -> None:
    assert main(["worker"]) == 2
    assert "needs PostgreSQL" in capsys.readouterr().err


@needs_postgres
async def test_the_worker_registers_and_stops_cleanly_on_sigterm(db) -> None:
    worker = subprocess.Popen(
        [sys.executable, "cli.py", "worker", "--concurrency", "3"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "CONCORD_DB_POOL_SIZE": "2"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:

        async def registered() -> bool:
            return await registered_workers() == 1

        await eventually(registered, timeout=60)
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=60)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output.decode()
    assert b"3 job(s) at once" in output
    assert await registered_workers() == 0
