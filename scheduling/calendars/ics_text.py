"""Turning the bytes of someone's calendar into an iCalendar object, or saying why not.

Files come from calendar apps and servers we do not control. Text in another charset is read
in that charset when it is declared and refused when it is not (never guessed, never stored
with replacement characters); NUL bytes are refused; a property that does not parse (30
February, ``SEQUENCE:abc``) or a TZID that is neither an IANA zone nor defined in the file
is a 422 naming the property, never read as something else. Problem details name the
component and property only: the file may have come from a URL, and nothing of a fetched
reply is echoed back.
"""

from __future__ import annotations

import codecs
from datetime import date, datetime
from email.message import Message

from icalendar import Calendar, Component

from core.errors import RuleViolation

#: Properties whose TZID must name a zone we can convert from.
_TIMED_PROPERTIES = ("DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "EXDATE", "RDATE")


def charset_of(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    message = Message()
    message["content-type"] = content_type
    charset = message.get_param("charset")
    return charset.strip() if isinstance(charset, str) and charset.strip() else None


def calendar_text(data: bytes, charset: str | None, field: str) -> str:
    """The text of a calendar file sent as ``data`` with the declared ``charset``."""
    if not data.strip():
        raise RuleViolation("the calendar is empty", code="invalid_calendar", field=field)
    encoding = charset or "utf-8"
    try:
        codec = codecs.lookup(encoding).name
    except LookupError as exc:
        raise RuleViolation(
            f"unknown charset {encoding[:40]!r}", code="unknown_charset", field=field
        ) from exc
    try:
        text = data.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as exc:
        hint = "" if charset else "; send it as UTF-8 or declare its charset"
        raise RuleViolation(
            f"the calendar is not valid {codec} text{hint}",
            code="calendar_encoding",
            field=field,
        ) from exc
    if "\x00" in text:
        raise RuleViolation(
            "the calendar contains NUL characters", code="invalid_calendar", field=field
        )
    return text


def parsed_calendar(text: str, field: str, code: str = "invalid_calendar") -> Calendar:
    """The calendar in ``text``, every property readable and every TZID known."""
    try:
        calendar = Calendar.from_ical(text)
    except ValueError as exc:
        raise RuleViolation("this is not an iCalendar file", code=code, field=field) from exc
    if not isinstance(calendar, Calendar):
        raise RuleViolation("this is not one iCalendar object", code=code, field=field)
    for component in calendar.walk():
        for name, _ in component.errors:
            raise RuleViolation(
                f"{component.name}: the {name} property is not valid", code=code, field=field
            )
        _ensure_known_timezones(component, field)
    return calendar


def _ensure_known_timezones(component: Component, field: str) -> None:
    for name in _TIMED_PROPERTIES:
        values = component.get(name)
        for prop in values if isinstance(values, list) else [values] if values else []:
            tzid = prop.params.get("TZID")
            if tzid and not all(_is_aware(value) for value in _moments(prop)):
                raise RuleViolation(
                    f"{component.name} {name}: unknown time zone; use an IANA name or "
                    "include its VTIMEZONE",
                    code="unknown_timezone",
                    field=field,
                )


def _moments(prop: object) -> list[object]:
    dts = getattr(prop, "dts", None)
    if dts is not None:
        return [getattr(item, "dt", None) for item in dts]
    return [getattr(prop, "dt", None)]


def _is_aware(value: object) -> bool:
    if isinstance(value, datetime):
        return value.tzinfo is not None
    return isinstance(value, date | tuple)
