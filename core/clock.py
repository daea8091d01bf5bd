"""Checks on the moments use cases are given: every time carries its zone."""

from __future__ import annotations

from datetime import datetime

from core.errors import RuleViolation


def require_aware(moment: datetime, field: str) -> datetime:
    """Return ``moment`` when it carries a time zone, else refuse it naming ``field``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise RuleViolation(
            f"{field} must carry a time zone", code="timezone_required", field=field
        )
    return moment
