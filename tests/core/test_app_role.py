"""The role the application connects as: on PostgreSQL it reads and writes every table but may
only INSERT and SELECT the audit log, and cannot lift the log's guards; SQLite has no roles, and
its triggers refuse the change instead."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from core import app_role
from core.app_role import RoleNameInvalid, checked_role_name, ensure_app_role
from core.audit import record_event
from core.db import is_sqlite
from core.settings import get_settings
from core.tables import AuditEvent
from tests.support.audit import audit_rows

PASSWORD = "app-role-test-password"

REFUSED_TO_THE_APP = (
    "UPDATE audit_events SET action = 'test.rewritten'",
    "DELETE FROM audit_events",
    "TRUNCATE audit_events",
    "DROP TRIGGER audit_events_append_only ON audit_events",
    "ALTER TABLE audit_events DISABLE TRIGGER USER",
    "DROP TABLE audit_events",
    "INSERT INTO migration (name, app_name, ran_on) SELECT name, app_name, ran_on FROM migration",
)
ALLOWED_TO_THE_APP = (
    "SELECT count(*) FROM audit_events",
    "SELECT count(*) FROM migration",
    "UPDATE outbox_messages SET status = status WHERE false",
    "DELETE FROM outbox_messages WHERE false",
    "INSERT INTO outbox_messages SELECT * FROM outbox_messages WHERE false",
)


def _as_role(dsn: str, role: str) -> str:
    parts = urlsplit(dsn)
    netloc = f"{role}:{PASSWORD}@{parts.hostname}:{parts.port or 5432}"
    return urlunsplit(parts._replace(netloc=netloc))


async def test_the_app_role_cannot_rewrite_the_audit_log(db, monkeypatch) -> None:
    await record_event("test.written", "test", "1")
    settings = replace(get_settings(), db_app_password=PASSWORD)
    monkeypatch.setattr(app_role, "get_settings", lambda: settings)

    role = await ensure_app_role()

    if is_sqlite():
        assert role is None
        for refused in ("UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"):
            with pytest.raises(Exception, match="append-only"):
                await AuditEvent.raw(refused)
        assert len(await audit_rows()) == 1
        return
    assert role == "concord_app"
    connection = await asyncpg.connect(_as_role(settings.database_url or "", role))
    try:
        assert await connection.fetchval("SELECT current_user") == role
        for statement in REFUSED_TO_THE_APP:
            with pytest.raises(asyncpg.exceptions.InsufficientPrivilegeError):
                await connection.execute(statement)
        for statement in ALLOWED_TO_THE_APP:
            await connection.execute(statement)
        head = await connection.fetchrow("SELECT seq, hash FROM audit_events ORDER BY seq DESC")
        await connection.execute(
            "INSERT INTO audit_events (seq, at, action, entity, entity_id, data, prev_hash, hash) "
            "VALUES ($1, now(), 'test.by_app', 'test', '2', '{}', $2, $3)",
            head["seq"] + 1,
            head["hash"],
            "a" * 64,
        )
    finally:
        await connection.close()
    assert [row["action"] for row in await audit_rows()] == ["test.written", "test.by_app"]


async def test_running_as_the_app_role_itself_grants_nothing(db, monkeypatch) -> None:
    """Started as the application (no owner rights), migrate leaves roles alone."""
    settings = replace(get_settings(), db_app_role="concord_app")
    monkeypatch.setattr(app_role, "get_settings", lambda: settings)
    if is_sqlite():
        assert await ensure_app_role() is None
        return
    monkeypatch.setattr(app_role, "_may_manage", _never)
    assert await ensure_app_role() is None


async def _never(_: str) -> bool:
    return False


def test_a_role_name_must_be_a_plain_identifier() -> None:
    assert checked_role_name("concord_app") == "concord_app"
    for bad in ('app"; DROP TABLE audit_events; --', "App", "", "1app", "a" * 64):
        with pytest.raises(RoleNameInvalid):
            checked_role_name(bad)
