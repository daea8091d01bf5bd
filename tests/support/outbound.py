"""Letting outbound fetches reach the tests' own servers on loopback, as an administrator
would with CONCORD_OUTBOUND_ALLOW."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from core.settings import get_settings

SETTING = "CONCORD_OUTBOUND_ALLOW"


@contextmanager
def outbound_allowing(*entries: str) -> Iterator[None]:
    """Settings read inside the block allow ``entries`` (host names or CIDRs)."""
    previous = os.environ.get(SETTING)
    os.environ[SETTING] = ",".join(entries)
    get_settings.cache_clear()
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(SETTING, None)
        else:
            os.environ[SETTING] = previous
        get_settings.cache_clear()
