"""A strict checker for the iCalendar files we send (RFC 5545 syntax, RFC 5546 methods).

Common parsers (icalendar, ical.js) silently accept what mail clients then mishandle: METHOD
after the event, backslash-escaped parameters, missing DTSTAMP, unfolded lines.  This checker
rejects them and says why, in words a person can act on.

The file's syntax is read by `ical_syntax` and its time zones checked by `ical_timezones`;
this module holds the rules for the calendar, its events and the iTIP method (RFC 5546).
"""

from __future__ import annotations

from uuid import UUID

from tests.support.ical_syntax import Component, check_values, parse_calendar
from tests.support.ical_timezones import check_timezones, event_time, utc_time

_ROLES = frozenset({"CHAIR", "REQ-PARTICIPANT", "OPT-PARTICIPANT", "NON-PARTICIPANT"})
_PARTSTATS = frozenset({"NEEDS-ACTION", "ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED"})
_EVENT_STATUSES = frozenset({"TENTATIVE", "CONFIRMED", "CANCELLED"})
_EVENT_REQUIRED = ("UID", "DTSTAMP", "DTSTART", "SEQUENCE")
_EVENT_AT_MOST_ONCE = (
    *("CLASS", "CREATED", "DESCRIPTION", "DTEND", "DURATION", "GEO", "LAST-MODIFIED"),
    *("LOCATION", "ORGANIZER", "PRIORITY", "RECURRENCE-ID", "STATUS", "SUMMARY", "TRANSP"),
    "URL",
)
_SCHEDULING_METHODS = frozenset({"REQUEST", "CANCEL", "PUBLISH"})


def check_calendar(text: str, *, expected_method: str | None = None) -> list[str]:
    """Every problem found in `text`, in words; an empty list means the file is valid."""
    problems: list[str] = []
    calendar = parse_calendar(text, problems)
    if calendar is not None:
        _check_calendar(calendar, expected_method, problems)
    return problems


def assert_valid_calendar(text: str, expected_method: str | None = None) -> None:
    problems = check_calendar(text, expected_method=expected_method)
    if problems:
        raise AssertionError("invalid calendar:\n- " + "\n- ".join(problems))


def _check_calendar(calendar: Component, expected: str | None, problems: list[str]) -> None:
    for name in ("VERSION", "PRODID"):
        if len(calendar.all(name)) != 1:
            problems.append(f"VCALENDAR needs exactly one {name}")
    if (version := calendar.first("VERSION")) and version.value != "2.0":
        problems.append(f"VERSION is {version.value}, not 2.0")
    method = _check_method(calendar, expected, problems)
    timezones = check_timezones(calendar, problems)
    events = [child for child in calendar.components if child.name == "VEVENT"]
    for event in events:
        _check_event(event, method, timezones, problems)
    _check_uids(events, method, problems)
    check_values(calendar, problems)


def _check_method(calendar: Component, expected: str | None, problems: list[str]) -> str | None:
    methods = calendar.all("METHOD")
    if len(methods) > 1:
        problems.append("METHOD given more than once")
    method = methods[0].value.upper() if methods else None
    if expected is not None and method != expected.upper():
        problems.append(f"METHOD is {method or 'missing'}, expected {expected.upper()}")
    if methods and calendar.components and methods[0].line > calendar.components[0].line:
        first = calendar.components[0]
        problems.append(
            f"line {methods[0].line}: METHOD comes after BEGIN:{first.name} (line {first.line});"
            " it must precede every component"
        )
    return method


def _check_event(
    event: Component, method: str | None, timezones: dict[str, Component], problems: list[str]
) -> None:
    where = f"VEVENT at line {event.line}"
    for name in _EVENT_REQUIRED:
        count = len(event.all(name))
        if count != 1:
            problems.append(f"{where}: has {count} {name} lines, needs exactly one")
    for name in _EVENT_AT_MOST_ONCE:
        if len(event.all(name)) > 1:
            problems.append(f"{where}: {name} given more than once")
    if event.first("DTEND") and event.first("DURATION"):
        problems.append(f"{where}: has both DTEND and DURATION")
    if (sequence := event.first("SEQUENCE")) and not sequence.value.isdecimal():
        problems.append(f"{where}: SEQUENCE {sequence.value!r} is not a non-negative integer")
    if (stamp := event.first("DTSTAMP")) and (stamp.params or not utc_time(stamp.value)):
        problems.append(f"{where}: DTSTAMP {stamp.value!r} must be a UTC time (…Z)")
    start = event_time(event.first("DTSTART"), timezones, where, problems)
    end = event_time(event.first("DTEND"), timezones, where, problems)
    if start is not None and end is not None and end <= start:
        problems.append(f"{where}: DTEND is not after DTSTART")
    status = event.first("STATUS")
    if status and status.value not in _EVENT_STATUSES:
        problems.append(f"{where}: STATUS {status.value!r} is not valid for an event")
    if method == "CANCEL" and (status is None or status.value != "CANCELLED"):
        problems.append(f"{where}: a CANCEL needs STATUS:CANCELLED")
    _check_people(event, method, where, problems)


def _check_people(event: Component, method: str | None, where: str, problems: list[str]) -> None:
    organizer = event.first("ORGANIZER")
    if organizer is None and method in _SCHEDULING_METHODS:
        problems.append(f"{where}: METHOD:{method} needs an ORGANIZER")
    if organizer is not None and not _is_mailto(organizer.value):
        problems.append(f"line {organizer.line}: ORGANIZER {organizer.value!r} is not mailto:")
    attendees = event.all("ATTENDEE")
    if not attendees and method in ("REQUEST", "CANCEL"):
        problems.append(f"{where}: METHOD:{method} needs at least one ATTENDEE")
    for attendee in attendees:
        line = f"line {attendee.line}: ATTENDEE"
        if _is_urn_uuid(attendee.value):
            # An attendee whose address is withheld is shown by name: one without is nobody.
            if not attendee.params.get("CN"):
                problems.append(f"{line} {attendee.value!r} has no CN to show")
        elif not _is_mailto(attendee.value):
            problems.append(f"{line} {attendee.value!r} is neither mailto: nor urn:uuid:")
        for name, allowed in (("ROLE", _ROLES), ("PARTSTAT", _PARTSTATS)):
            values = attendee.params.get(name)
            if values is None or values[0] not in allowed:
                problems.append(f"{line} needs a valid {name}, has {values}")
        rsvp = attendee.params.get("RSVP")
        if rsvp is not None and rsvp[0] not in ("TRUE", "FALSE"):
            problems.append(f"{line} RSVP must be TRUE or FALSE, not {rsvp[0]!r}")


def _check_uids(events: list[Component], method: str | None, problems: list[str]) -> None:
    uids = [uid.value for event in events if (uid := event.first("UID"))]
    if method in ("REQUEST", "CANCEL") and len(set(uids)) > 1:
        problems.append(f"a {method} describes one event, but holds UIDs {sorted(set(uids))}")
    plain = [uid.value for e in events if (uid := e.first("UID")) and not e.first("RECURRENCE-ID")]
    duplicates = sorted({uid for uid in plain if plain.count(uid) > 1})
    if duplicates:
        problems.append(f"UIDs used by more than one event: {duplicates}")


def _is_urn_uuid(value: str) -> bool:
    """An RFC 4122 URN: a CAL-ADDRESS (RFC 5545 §3.3.3) that reaches no one."""
    if value[:9].lower() != "urn:uuid:":
        return False
    try:
        UUID(value[9:])
    except ValueError:
        return False
    return len(value) == 45


def _is_mailto(value: str) -> bool:
    return value[:7].lower() == "mailto:" and "@" in value[7:]
