"""Building minutes as a background job (``Prefer: respond-async`` on POST .../minutes)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from core.access import Viewer
from minutes.drafts.service import build_minutes

BUILD_MINUTES = "minutes.build"


async def build_minutes_job(viewer: Viewer, session_id: UUID, now: datetime, attempt: int) -> str:
    """The minutes' path once built. A retry after a crash past the commit builds one more
    version, which is harmless: nobody can have signed the one before in between."""
    view = await build_minutes(viewer, session_id, now)
    return f"/api/v1/minutes/{view.id}"
