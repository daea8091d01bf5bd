"""Busy times read from an iCalendar file (someone's own calendar, exported or subscribed)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar

from core.errors import RuleViolation
from scheduling.intervals import Interval


def _instant(value: object) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=UTC)
    raise ValueError(f"not a date or date-time: {value!r}")


def busy_intervals(ics_text: str) -> list[Interval]:
    """Opaque, not-cancelled events (and VFREEBUSY periods) as busy intervals.

    Recurring events are taken at their first occurrence only; all-day events cover their
    whole UTC days.
    """
    try:
        calendar = Calendar.from_ical(ics_text)
    except ValueError as exc:
        raise RuleViolation(
            f"the file is not an iCalendar file: {exc}", code="invalid_calendar", field="file"
        ) from exc
    intervals: list[Interval] = []
    for event in calendar.walk("VEVENT"):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
            continue
        if "DTSTART" not in event:
            continue
        start = _instant(event.decoded("DTSTART"))
        if "DTEND" in event:
            end = _instant(event.decoded("DTEND"))
        elif "DURATION" in event:
            end = start + event.decoded("DURATION")
        else:
            end = start + timedelta(days=1)
        if end > start:
            intervals.append(Interval(start, end))
    for freebusy in calendar.walk("VFREEBUSY"):
        periods = freebusy.get("FREEBUSY", [])
        for prop in periods if isinstance(periods, list) else [periods]:
            for period in prop.dts:
                start, end = period.dt
                end = start + end if isinstance(end, timedelta) else end
                intervals.append(Interval(_instant(start), _instant(end)))
    return intervals
