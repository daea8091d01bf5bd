"""PostgreSQL: the role the application connects as, which cannot rewrite the audit log.

The tables belong to whoever runs the migrations (the owner may always alter, truncate or drop
them, and drop the triggers guarding the log). The application therefore connects as another
role, created and granted here by `concord migrate` when it runs with the rights to do so: it
reads and writes every table as usual but may only INSERT and SELECT the audit log.
"""

from __future__ import annotations

import logging
import re

from core.db import database, is_sqlite
from core.settings import get_settings

logger = logging.getLogger(__name__)

_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
#: Written once, never changed or removed, by anyone the application logs in as.
APPEND_ONLY_TABLES = ("audit_events",)
#: Piccolo's record of applied migrations: the application checks it on start, changes it never.
READ_ONLY_TABLES = ("migration",)


class RoleNameInvalid(RuntimeError):
    pass


def checked_role_name(name: str) -> str:
    # The name goes into SQL as an identifier, which cannot be a query parameter.
    if not _ROLE_NAME.fullmatch(name):
        raise RoleNameInvalid(
            f"CONCORD_DB_APP_ROLE must be a lowercase SQL identifier, not {name[:70]!r}"
        )
    return name


async def ensure_app_role() -> str | None:
    """Create the application's role if missing and grant it what it may do; the role's name,
    or None when there is nothing to do (SQLite) or no right to do it (not the owner)."""
    if is_sqlite():
        return None
    settings = get_settings()
    role = checked_role_name(settings.db_app_role)
    if not await _may_manage(role):
        logger.info("not creating or granting role %s: run migrations as the owner", role)
        return None
    engine = database()
    # Roles belong to the whole server: another database's migration may create it meanwhile.
    await engine.run_ddl(
        f'DO $$ BEGIN CREATE ROLE "{role}" NOLOGIN; '
        "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
    )
    if settings.db_app_password:
        password = settings.db_app_password.replace("'", "''")
        await engine.run_ddl(f"ALTER ROLE \"{role}\" LOGIN PASSWORD '{password}'")
    [current] = await engine.run_ddl("SELECT current_database() AS name")
    for statement in _grants(role, current["name"]):
        await engine.run_ddl(statement)
    return role


async def _may_manage(role: str) -> bool:
    """Runs as the owner of the tables, with the right to create roles, and is not the role."""
    rows = await database().run_ddl(
        "SELECT r.rolsuper OR r.rolcreaterole AS may_create, current_user AS name, "
        "pg_catalog.pg_get_userbyid(c.relowner) = current_user AS owns "
        "FROM pg_roles r, pg_class c WHERE r.rolname = current_user "
        "AND c.oid = 'audit_events'::regclass"
    )
    return bool(rows) and rows[0]["name"] != role and rows[0]["may_create"] and rows[0]["owns"]


def _grants(role: str, database_name: str) -> list[str]:
    quoted = f'"{role}"'
    database_identifier = '"' + database_name.replace('"', '""') + '"'
    statements = [
        f"GRANT CONNECT ON DATABASE {database_identifier} TO {quoted}",
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
    ]
    for table in APPEND_ONLY_TABLES:
        statements.append(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {quoted}")
    for table in READ_ONLY_TABLES:
        statements.append(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {table} FROM {quoted}")
    return statements
