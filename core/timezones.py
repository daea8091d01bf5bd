"""Checks on people's fields that the wire types cannot express."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from core.errors import RuleViolation


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones()) | {"UTC"}


def check_timezone(name: str, field: str = "timezone") -> str:
    """Return ``name`` when it is an IANA zone this machine knows, else a rule violation."""
    if name not in _known_zones():
        raise RuleViolation(
            f"{name!r} is not an IANA time zone (for example Asia/Shanghai)",
            code="unknown_timezone",
            field=field,
        )
    return name
