"""When the minutes may be sealed: everyone answered, or the signing window has closed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from uuid import UUID

from core.errors import RuleViolation


def ensure_ready_to_seal(
    pending: Sequence[UUID], window_opened_at: datetime, window: timedelta, now: datetime
) -> None:
    """Refuse while someone has not answered and may still do so (rule 10)."""
    if pending and now < window_opened_at + window:
        raise RuleViolation(
            f"{len(pending)} participant(s) have not answered and the signing window is open",
            code="signatures_missing",
            field="signatures",
            extra={"pending_signers": [str(p) for p in pending]},
        )
