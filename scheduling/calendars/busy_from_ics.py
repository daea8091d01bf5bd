"""Busy times read from an iCalendar file (someone's own calendar, exported or subscribed)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import recurring_ical_events
from icalendar import Calendar, Component

from core.errors import RuleViolation
from scheduling.calendars.ics_text import parsed_calendar
from scheduling.intervals import Interval

#: How far ahead recurring events are expanded at import. Searches and dockets plan within a
#: year, and a subscribed calendar is re-imported every half hour, so the window slides.
BUSY_HORIZON = timedelta(days=400)
#: What a calendar may expand to: a year of a few dozen daily series, with room to spare. A
#: FREQ=MINUTELY rule would otherwise be expanded into hundreds of thousands of blocks.
MAX_BUSY_OCCURRENCES = 50_000


def import_horizon(now: datetime) -> Interval:
    """The span over which an import made at ``now`` expands recurring events."""
    return Interval(now - timedelta(days=1), now + BUSY_HORIZON)


def _instant(value: object) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=UTC)
    raise ValueError(f"not a date or date-time: {value!r}")


def busy_intervals(ics_text: str, horizon: Interval, field: str = "file") -> list[Interval]:
    """Opaque, not-cancelled events (every occurrence of a recurring one within ``horizon``)
    and VFREEBUSY periods, as busy intervals. All-day events cover their whole UTC days;
    floating times are read as UTC. Errors name ``field``, where the calendar came from."""
    calendar = parsed_calendar(ics_text, field=field)
    return _event_intervals(calendar, horizon, field) + _freebusy_intervals(calendar)


def _event_intervals(calendar: Calendar, horizon: Interval, field: str) -> list[Interval]:
    intervals: list[Interval] = []
    try:
        occurrences = recurring_ical_events.of(calendar, components=["VEVENT"])
        for event in occurrences.after(horizon.start):
            if _instant(event.decoded("DTSTART")) >= horizon.end:
                break
            if len(intervals) >= MAX_BUSY_OCCURRENCES:
                raise RuleViolation(
                    f"the calendar has more than {MAX_BUSY_OCCURRENCES} events in the coming year",
                    code="calendar_too_large",
                    field=field,
                )
            interval = _busy(event)
            if interval is not None:
                intervals.append(interval)
    except (ValueError, TypeError, OverflowError) as exc:
        # A rule the library cannot expand (an UNTIL before DTSTART of another type, say).
        raise RuleViolation(
            "a recurring event cannot be expanded", code="invalid_calendar", field=field
        ) from exc
    return intervals


def _busy(event: Component) -> Interval | None:
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return None
    start = _instant(event.decoded("DTSTART"))
    end = _instant(event.decoded("DTEND")) if "DTEND" in event else start
    return Interval(start, end) if end > start else None


def _freebusy_intervals(calendar: Calendar) -> list[Interval]:
    intervals: list[Interval] = []
    for freebusy in calendar.walk("VFREEBUSY"):
        periods = freebusy.get("FREEBUSY", [])
        for prop in periods if isinstance(periods, list) else [periods]:
            for period in prop.dts:
                start, end = period.dt
                end = start + end if isinstance(end, timedelta) else end
                if _instant(end) > _instant(start):
                    intervals.append(Interval(_instant(start), _instant(end)))
    return intervals
