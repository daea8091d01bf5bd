"""When failed logins stop being answered: per account and per client address, over a window."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from core import throttle

WINDOW = timedelta(minutes=15)
PER_ACCOUNT = 5
PER_ADDRESS = 20


def retry_after(
    attempts: Iterable[datetime], limit: int, now: datetime, window: timedelta = WINDOW
) -> int | None:
    """``core.throttle.retry_after`` over the login window (15 minutes unless told)."""
    return throttle.retry_after(attempts, limit, now, window)
