"""Sealing minutes as a background job (``Prefer: respond-async`` on POST .../seal)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from core.access import Viewer
from core.errors import Conflict
from minutes.seal.service import seal_minutes

SEAL_MINUTES = "minutes.seal"


async def seal_minutes_job(viewer: Viewer, minutes_id: UUID, now: datetime, attempt: int) -> str:
    """The sealed minutes' path. seal_minutes keeps a retry single: it writes the seal in one
    transaction that checks nothing changed, so an attempt that crashed after committing is
    found sealed by the next, which then reports the seal rather than a conflict."""
    try:
        await seal_minutes(viewer, minutes_id, now)
    except Conflict as error:
        if error.code != "minutes_sealed" or attempt == 1:
            raise
    return f"/api/v1/minutes/{minutes_id}"
