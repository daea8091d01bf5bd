"""What the matrix sends: one request per operation (some operations twice, on resources in
different states), written with placeholders the world fills in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.api.access.world import World
from tests.support.flow import next_weekday_at, shanghai_today

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Probe:
    """A request to ``operation``; ``key`` names its row in the expectations table."""

    operation: str
    method: str
    path: str
    json: Any = None
    params: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] | None = None
    upload: str | None = None  # "pdf" or "ics": a multipart field `file`
    text_calendar: str | None = None
    #: Each viewer asks with a token of its own login (the request ends that login).
    fresh_login: bool = False
    label: str = ""

    @property
    def key(self) -> str:
        return f"{self.operation}@{self.label}" if self.label else self.operation


def fill(value: Any, world: World) -> Any:
    """``value`` with every ``{name}`` replaced by the world's id or token of that name."""
    if isinstance(value, str):
        return _PLACEHOLDER.sub(lambda m: _named(world, m.group(1)), value)
    if isinstance(value, list):
        return [fill(item, world) for item in value]
    if isinstance(value, dict):
        return {key: fill(item, world) for key, item in value.items()}
    return value


def _named(world: World, name: str) -> str:
    if name in world.ids:
        return world.ids[name]
    if name in world.tokens:
        return world.tokens[name]
    return DATES[name]


def _day(days: int) -> str:
    return shanghai_today(days).isoformat()


def _at(days: int, hour: int) -> str:
    day = datetime.now(UTC) + timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0).isoformat()


def _office_hour(hour: int, days_ahead: int) -> str:
    return next_weekday_at(hour, days_ahead=days_ahead).isoformat()


DATES = {
    "free_start": _office_hour(9, 14),
    "free_start_2": _office_hour(15, 16),
    "today": _day(0),
    "in_20_days": _day(20),
    "busy_start": _at(40, 2),
    "busy_end": _at(40, 3),
    "search_from": _at(1, 0),
    "search_to": _at(45, 0),
}
