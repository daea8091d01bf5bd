"""The one rule for time-zone names: an IANA zone this machine knows (or plain UTC)."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from core.errors import RuleViolation


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones()) | {"UTC"}


def _unknown_timezone(name: str, field: str) -> RuleViolation:
    return RuleViolation(
        f"{name!r} is not an IANA time zone (for example Asia/Shanghai)",
        code="unknown_timezone",
        field=field,
    )


def check_timezone(name: str, field: str = "timezone") -> str:
    """Return ``name`` when it is an IANA zone this machine knows, else a rule violation."""
    if name not in _known_zones():
        raise _unknown_timezone(name, field)
    return name


# Cached: the slot engine asks for the same few zones on every search.
@cache
def zone_for(name: str) -> ZoneInfo:
    """The zone called ``name``, or RuleViolation ``unknown_timezone`` on field ``timezone``."""
    return ZoneInfo(check_timezone(name))
