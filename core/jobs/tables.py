"""What a request handed to the background (``Prefer: respond-async``) became."""

from __future__ import annotations

from piccolo.columns import JSON, UUID, Integer, Timestamptz, Varchar
from piccolo.table import Table


class BackgroundJob(Table, tablename="background_jobs"):
    """One piece of request work done in the background, polled at GET /api/v1/jobs/{id}.

    ``viewer`` is who asked, as they were when they asked: the work runs with their rights.
    ``error`` is the domain error that ended it (family, code, detail, field).
    """

    id = UUID(primary_key=True)
    kind = Varchar(length=60)
    subject_id = UUID()
    requested_by = UUID(index=True)
    viewer = JSON(default="{}")
    status = Varchar(length=20, default="queued")
    attempts = Integer(default=0)
    result_url = Varchar(length=300, null=True, default=None)
    error = JSON(null=True, default=None)
    created_at = Timestamptz()
    finished_at = Timestamptz(null=True, default=None)
