"""Bringing the database schema up to date with the committed migrations."""

from __future__ import annotations

import contextlib
import io

from piccolo.apps.migrations.commands.forwards import run_forwards

from core.app_role import ensure_app_role
from core.jobs.schema import ensure_job_schema
from core.settings import get_settings


async def migrate() -> None:
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        response = await run_forwards(app_name="all")
    if not response.success:
        raise RuntimeError(f"migrations failed:\n{output.getvalue()}\n{response.message}")
    database_url = get_settings().database_url
    if database_url:
        await ensure_job_schema(database_url)
    # After every migration, so that tables added since are granted too.
    await ensure_app_role()
