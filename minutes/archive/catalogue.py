"""What the archive catalogue keeps of a sealed minutes, taken from its sealed record once, so
that a search reads a narrow table instead of parsing every sealed record, and finds the case
and session as they were sealed, whatever the live case is called later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

#: The character that makes the next one literal in a LIKE pattern the catalogue builds.
LIKE_ESCAPE = "\\"


@dataclass(frozen=True)
class CatalogueEntry:
    """The searched and listed parts of a sealed record."""

    case_reference: str
    case_title: str
    session_title: str
    session_kind: str
    start: datetime | None
    timezone: str
    #: The local day the session was held on, in its own zone (what held_from/held_to mean).
    held_on: date | None


def catalogue_entry(record: dict[str, Any]) -> CatalogueEntry:
    start_text = record.get("start")
    start = datetime.fromisoformat(start_text) if isinstance(start_text, str) else None
    timezone = str(record.get("timezone", "UTC"))
    return CatalogueEntry(
        case_reference=str(record.get("case_reference", "")),
        case_title=str(record.get("case_title", "")),
        session_title=str(record.get("session_title", "")),
        session_kind=str(record.get("session_kind", "")),
        start=start,
        timezone=timezone,
        held_on=None if start is None else start.astimezone(ZoneInfo(timezone)).date(),
    )


def folded(text: str | None) -> str:
    """The form both the stored text and the searched part are compared in: SQLite's LIKE
    ignores case for ASCII only and PostgreSQL's not at all, so neither is left to decide."""
    return (text or "").casefold()


def contains_pattern(part: str) -> str:
    """A LIKE pattern (with ``LIKE_ESCAPE``) matching folded text that contains ``part``
    literally: a searched ``%`` or ``_`` is a character, not a wildcard."""
    escaped = (
        folded(part)
        .replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )
    return f"%{escaped}%"
