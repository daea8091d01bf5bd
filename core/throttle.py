"""Throttling by counting recent attempts over a window: the arithmetic the login throttle
(parties.accounts) and the public endpoints' throttle (core.public_requests) share."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta

#: Public endpoints that write the audit log (verification, downloads, signing by link):
#: requests per address over this window, per endpoint group.
PUBLIC_WINDOW = timedelta(minutes=1)


def retry_after(
    attempts: Iterable[datetime], limit: int, now: datetime, window: timedelta
) -> int | None:
    """Whole seconds until fewer than ``limit`` of ``attempts`` lie in the window ending at
    ``now``, so that one more attempt may be tried; None when one may be tried now."""
    recent = sorted(at for at in attempts if now - window < at <= now)
    if len(recent) < limit:
        return None
    # The attempt whose expiry leaves limit - 1 behind is the (len - limit + 1)th oldest.
    frees_at = recent[len(recent) - limit] + window
    return max(1, math.ceil((frees_at - now).total_seconds()))
