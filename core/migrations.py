"""Bringing the database schema up to date with the committed migrations."""

from __future__ import annotations

import contextlib
import io

from piccolo.apps.migrations.commands.forwards import run_forwards

from core.app_role import ensure_app_role


async def migrate() -> None:
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        response = await run_forwards(app_name="all")
    if not response.success:
        raise RuntimeError(f"migrations failed:\n{output.getvalue()}\n{response.message}")
    # After every migration, so that tables added since are granted too.
    await ensure_app_role()
