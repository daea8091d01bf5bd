"""Test set-up: a real SQLite file by default, the PostgreSQL of DATABASE_URL when set.

Unit tests need none of this; service and API tests ask for the ``db`` fixture (directly or
through ``client``) and get an empty, migrated database of their own.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("CONCORD_DATA_DIR", tempfile.mkdtemp(prefix="concord-test-"))
os.environ.setdefault("CONCORD_PUBLIC_URL", "http://testserver")
# The test client serves the app on a loop of its own while tests call services on theirs:
# a pool's connections belong to one loop, so tests open a connection per query instead.
os.environ["CONCORD_DB_POOL_SIZE"] = "0"
# Calendar refresh is exercised directly; no background loop races the tests.
os.environ["CONCORD_CALENDAR_REFRESH_MINUTES"] = "0"
# The audit head is sealed by the tests that check sealing; no loop adds entries behind them.
os.environ["CONCORD_AUDIT_SEAL_MINUTES"] = "0"
# The outbox worker is run by the tests that check delivery, against their own SMTP server.
os.environ["CONCORD_OUTBOX_POLL_SECONDS"] = "0"
os.environ.pop("CONCORD_SMTP_HOST", None)
# PostgreSQL: job workers are started by the tests that exercise them (tests/support/job_workers).
os.environ["CONCORD_JOBS_IN_PROCESS"] = "false"

from argon2 import PasswordHasher
from litestar.testing import AsyncTestClient

from app import create_app
from core.access import Role
from core.db import database, is_sqlite
from core.migrations import migrate
from core.settings import get_settings
from core.sqlite_pool import PooledSQLiteEngine
from parties.accounts import passwords
from parties.accounts import service as accounts
from tests.support.mail_server import MailServer, running, start_plain_server

PASSWORD = "correct-horse-battery"

# Production hashing costs ~0.3 s per login by design; tests log in hundreds of times.
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def engine_name() -> str:
    return "sqlite" if is_sqlite() else "postgresql"


async def _reset_postgres_schema() -> None:
    dsn = get_settings().database_url or ""
    if "test" not in dsn.rsplit("/", 1)[-1]:
        raise RuntimeError(f"refusing to wipe {dsn}: tests need a database whose name says test")
    await database().run_ddl("DROP SCHEMA public CASCADE")
    await database().run_ddl("CREATE SCHEMA public")


async def _let_go_of_sqlite_file(path: Path) -> None:
    """Before the file is replaced: no connection open on it, no write-ahead log beside it."""
    engine = database()
    assert isinstance(engine, PooledSQLiteEngine)
    await engine.close_connections()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


_template: Path | None = None
_migrated = False


@pytest.fixture
async def db() -> AsyncIterator[None]:
    """An empty, migrated database for this test."""
    global _template, _migrated
    settings = get_settings()
    if is_sqlite():
        await _let_go_of_sqlite_file(settings.sqlite_path)
        if _template is None:
            settings.sqlite_path.unlink(missing_ok=True)
            await migrate()
            await _let_go_of_sqlite_file(settings.sqlite_path)
            _template = settings.sqlite_path.with_suffix(".template")
            shutil.copyfile(settings.sqlite_path, _template)
        else:
            shutil.copyfile(_template, settings.sqlite_path)
    else:
        if not _migrated:
            await _reset_postgres_schema()
            await migrate()
            _migrated = True
        else:
            tables = await database().run_ddl(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'migration'"
            )
            names = ", ".join(f'"{row["tablename"]}"' for row in tables)
            await database().run_ddl(f"TRUNCATE {names} CASCADE")
    yield


@pytest.fixture
async def client(db: None) -> AsyncIterator[AsyncTestClient[Any]]:
    async with AsyncTestClient(app=create_app()) as test_client:
        yield test_client


async def login(
    client: AsyncTestClient[Any], email: str, password: str = PASSWORD
) -> dict[str, str]:
    response = await client.post("/api/v1/auth/token", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
async def coordinator(client: AsyncTestClient[Any]) -> dict[str, str]:
    """Authorization headers of a coordinator account."""
    await accounts.create_account("coordinator@test.example", PASSWORD, Role.COORDINATOR)
    return await login(client, "coordinator@test.example")


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    """A real SMTP server on loopback; ``mail_server.mailer`` sends to it."""
    yield from running(start_plain_server())
