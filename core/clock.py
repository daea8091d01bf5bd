"""Rules about instants every package shares."""

from __future__ import annotations

from datetime import datetime

from core.errors import RuleViolation


def require_aware(moment: datetime, field: str) -> datetime:
    """``moment`` itself, once it is known to carry a time zone: a naive datetime names no
    instant, and reading it in the server's zone would book the wrong hour."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise RuleViolation(
            f"{field} must carry a time zone", code="timezone_required", field=field
        )
    return moment
