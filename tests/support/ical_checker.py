"""A strict checker for the iCalendar files we send (RFC 5545 syntax, RFC 5546 methods).

Common parsers (icalendar, ical.js) silently accept what mail clients then mishandle: METHOD
after the event, backslash-escaped parameters, missing DTSTAMP, unfolded lines.  This checker
rejects them and says why, in words a person can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MAX_OCTETS = 75
_REPORT_LIMIT = 5  # repeated problems of one kind are summarised after this many

_NAME = r"[A-Za-z0-9-]+"
_QUOTED = r'"[^"\x00-\x08\x0a-\x1f\x7f]*"'
_PLAIN = r'[^";:,\x00-\x08\x0a-\x1f\x7f]*'
_VALUES = rf"(?:{_QUOTED}|{_PLAIN})(?:,(?:{_QUOTED}|{_PLAIN}))*"
_CONTENT_LINE = re.compile(
    rf"({_NAME})((?:;{_NAME}={_VALUES})*):([^\x00-\x08\x0a-\x1f\x7f]*)", re.DOTALL
)
_PARAM = re.compile(rf";({_NAME})=({_VALUES})")
_PARAM_VALUE = re.compile(rf"(?:^|,)({_QUOTED}|{_PLAIN})")
_BACKSLASH_ESCAPE = re.compile(r'\\([\\,;:nN"]|$)')
_TEXT_ESCAPE = re.compile(r"\\(.?)|([;,])", re.DOTALL)
_UTC_TIME = re.compile(r"\d{8}T\d{6}Z")
_LOCAL_TIME = re.compile(r"\d{8}T\d{6}")
_OFFSET = re.compile(r"([+-])(\d{2})(\d{2})(\d{2})?")

_SINGLE_VALUED_PARAMS = frozenset(
    {"CN", "ROLE", "PARTSTAT", "RSVP", "TZID", "VALUE", "CUTYPE", "SENT-BY", "DIR", "LANGUAGE"}
)
_ROLES = frozenset({"CHAIR", "REQ-PARTICIPANT", "OPT-PARTICIPANT", "NON-PARTICIPANT"})
_PARTSTATS = frozenset({"NEEDS-ACTION", "ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED"})
_EVENT_STATUSES = frozenset({"TENTATIVE", "CONFIRMED", "CANCELLED"})
_EVENT_REQUIRED = ("UID", "DTSTAMP", "DTSTART", "SEQUENCE")
_EVENT_AT_MOST_ONCE = (
    *("CLASS", "CREATED", "DESCRIPTION", "DTEND", "DURATION", "GEO", "LAST-MODIFIED"),
    *("LOCATION", "ORGANIZER", "PRIORITY", "RECURRENCE-ID", "STATUS", "SUMMARY", "TRANSP"),
    "URL",
)
_TEXT_PROPERTIES = frozenset(
    {"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "UID", "TZNAME", "X-WR-CALNAME"}
)
_SCHEDULING_METHODS = frozenset({"REQUEST", "CANCEL", "PUBLISH"})


@dataclass(frozen=True)
class Property:
    name: str
    params: dict[str, list[str]]  # values with their double quotes removed
    value: str
    line: int  # physical line number (1-based) where the property starts


@dataclass
class Component:
    name: str
    line: int
    properties: list[Property] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)

    def all(self, name: str) -> list[Property]:
        return [prop for prop in self.properties if prop.name == name]

    def first(self, name: str) -> Property | None:
        found = self.all(name)
        return found[0] if found else None


def check_calendar(text: str, *, expected_method: str | None = None) -> list[str]:
    """Every problem found in `text`, in words; an empty list means the file is valid."""
    problems: list[str] = []
    _check_line_endings(text, problems)
    physical = re.split(r"\r?\n", text)
    if physical[-1] == "":
        physical.pop()
    _check_line_lengths(physical, problems)
    properties = _parse_lines(_unfold(physical, problems), problems)
    calendar = _build_tree(properties, problems)
    if calendar is not None:
        _check_calendar(calendar, expected_method, problems)
    return problems


def assert_valid_calendar(text: str, expected_method: str | None = None) -> None:
    problems = check_calendar(text, expected_method=expected_method)
    if problems:
        raise AssertionError("invalid calendar:\n- " + "\n- ".join(problems))


def _check_line_endings(text: str, problems: list[str]) -> None:
    bare_lf = len(re.findall(r"(?<!\r)\n", text))
    bare_cr = len(re.findall(r"\r(?!\n)", text))
    if bare_lf:
        problems.append(f"{bare_lf} line(s) end with LF instead of CRLF")
    if bare_cr:
        problems.append(f"{bare_cr} bare CR character(s) outside a CRLF")
    if text and not text.endswith("\n"):
        problems.append("the last line does not end with CRLF")


def _check_line_lengths(physical: list[str], problems: list[str]) -> None:
    long_lines = [
        (number, octets)
        for number, line in enumerate(physical, 1)
        if (octets := len(line.encode())) > MAX_OCTETS
    ]
    for number, octets in long_lines[:_REPORT_LIMIT]:
        problems.append(f"line {number}: {octets} octets, longer than {MAX_OCTETS} (not folded)")
    if len(long_lines) > _REPORT_LIMIT:
        problems.append(f"... and {len(long_lines) - _REPORT_LIMIT} more unfolded lines")


def _unfold(physical: list[str], problems: list[str]) -> list[tuple[int, str]]:
    logical: list[tuple[int, str]] = []
    for number, line in enumerate(physical, 1):
        if line[:1] in (" ", "\t"):
            if not logical:
                problems.append(f"line {number}: a continuation line with nothing to continue")
                continue
            start, previous = logical[-1]
            logical[-1] = (start, previous + line[1:])
        elif line == "":
            problems.append(f"line {number}: empty line")
        else:
            logical.append((number, line))
    return logical


def _parse_lines(logical: list[tuple[int, str]], problems: list[str]) -> list[Property]:
    properties: list[Property] = []
    for number, line in logical:
        match = _CONTENT_LINE.fullmatch(line)
        if match is None:
            shown = line if len(line) <= 60 else line[:57] + "..."
            problems.append(f"line {number}: not a valid content line: {shown!r}")
            continue
        params: dict[str, list[str]] = {}
        for param in _PARAM.finditer(match.group(2)):
            name = param.group(1).upper()
            if name in params:
                problems.append(f"line {number}: parameter {name} given twice")
            values = [value.group(1) for value in _PARAM_VALUE.finditer(param.group(2))]
            params[name] = [_unquote(value) for value in values]
        properties.append(Property(match.group(1).upper(), params, match.group(3), number))
    return properties


def _unquote(value: str) -> str:
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value


def _build_tree(properties: list[Property], problems: list[str]) -> Component | None:
    root = Component("(file)", 0)
    stack = [root]
    for prop in properties:
        if prop.name == "BEGIN":
            child = Component(prop.value.upper(), prop.line)
            stack[-1].components.append(child)
            stack.append(child)
        elif prop.name == "END":
            if len(stack) == 1 or stack[-1].name != prop.value.upper():
                problems.append(f"line {prop.line}: END:{prop.value} does not close an open BEGIN")
            else:
                stack.pop()
        elif len(stack) == 1:
            problems.append(f"line {prop.line}: {prop.name} outside any component")
        else:
            stack[-1].properties.append(prop)
    for unclosed in stack[1:]:
        problems.append(f"line {unclosed.line}: BEGIN:{unclosed.name} is never closed")
    if [component.name for component in root.components] != ["VCALENDAR"]:
        problems.append("the file must hold exactly one VCALENDAR")
        return None
    return root.components[0]


def _check_calendar(calendar: Component, expected: str | None, problems: list[str]) -> None:
    for name in ("VERSION", "PRODID"):
        if len(calendar.all(name)) != 1:
            problems.append(f"VCALENDAR needs exactly one {name}")
    if (version := calendar.first("VERSION")) and version.value != "2.0":
        problems.append(f"VERSION is {version.value}, not 2.0")
    method = _check_method(calendar, expected, problems)
    timezones = _check_timezones(calendar, problems)
    events = [child for child in calendar.components if child.name == "VEVENT"]
    for event in events:
        _check_event(event, method, timezones, problems)
    _check_uids(events, method, problems)
    for prop in _all_properties(calendar):
        _check_params(prop, problems)
        if prop.name in _TEXT_PROPERTIES:
            _check_text(prop, problems)


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


def _check_timezones(calendar: Component, problems: list[str]) -> dict[str, Component]:
    timezones: dict[str, Component] = {}
    for vtimezone in (child for child in calendar.components if child.name == "VTIMEZONE"):
        tzids = vtimezone.all("TZID")
        if len(tzids) != 1:
            problems.append(f"line {vtimezone.line}: VTIMEZONE needs exactly one TZID")
            continue
        tzid = tzids[0].value
        if _zone(tzid) is None:
            problems.append(f"line {tzids[0].line}: TZID {tzid} is not an IANA time zone")
        observances = [c for c in vtimezone.components if c.name in ("STANDARD", "DAYLIGHT")]
        if not observances:
            problems.append(f"line {vtimezone.line}: VTIMEZONE {tzid} has no STANDARD/DAYLIGHT")
        for observance in observances:
            _check_observance(observance, problems)
        timezones[tzid] = vtimezone
    return timezones


def _check_observance(observance: Component, problems: list[str]) -> None:
    for name in ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"):
        found = observance.all(name)
        if len(found) != 1:
            problems.append(f"line {observance.line}: {observance.name} needs exactly one {name}")
        elif name == "DTSTART" and not _LOCAL_TIME.fullmatch(found[0].value):
            problems.append(f"line {found[0].line}: observance DTSTART must be a local date-time")
        elif name != "DTSTART" and not _OFFSET.fullmatch(found[0].value):
            problems.append(f"line {found[0].line}: {name} {found[0].value!r} is not ±HHMM[SS]")


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
    if (stamp := event.first("DTSTAMP")) and (stamp.params or not _utc_time(stamp.value)):
        problems.append(f"{where}: DTSTAMP {stamp.value!r} must be a UTC time (…Z)")
    start = _event_time(event.first("DTSTART"), timezones, where, problems)
    end = _event_time(event.first("DTEND"), timezones, where, problems)
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
        if not _is_mailto(attendee.value):
            problems.append(f"{line} {attendee.value!r} is not a mailto: address")
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


def _check_params(prop: Property, problems: list[str]) -> None:
    for name, values in prop.params.items():
        if name in _SINGLE_VALUED_PARAMS and len(values) > 1:
            problems.append(
                f"line {prop.line}: {prop.name} {name} has {len(values)} values"
                " (a value holding , ; or : must be double-quoted)"
            )
        if any(_BACKSLASH_ESCAPE.search(value) for value in values):
            problems.append(
                f"line {prop.line}: {prop.name} {name} uses a backslash escape, which parameter"
                " values do not have (quote the value instead)"
            )


def _check_text(prop: Property, problems: list[str]) -> None:
    for match in _TEXT_ESCAPE.finditer(prop.value):
        if match.group(2):
            problems.append(f"line {prop.line}: {prop.name} has an unescaped {match.group(2)!r}")
            return
        if match.group(1) not in ("\\", ";", ",", "n", "N"):
            problems.append(f"line {prop.line}: {prop.name} has an invalid escape \\{match[1]}")
            return


def _event_time(
    prop: Property | None, timezones: dict[str, Component], where: str, problems: list[str]
) -> datetime | None:
    """The instant a DTSTART/DTEND names, or None after reporting why it cannot be read."""
    if prop is None:
        return None
    tzid = prop.params.get("TZID")
    if tzid is None:
        moment = _utc_time(prop.value)
        if moment is None:
            problems.append(f"{where}: {prop.name} {prop.value!r} is neither UTC (…Z) nor TZID")
        return moment
    zone = _zone(tzid[0])
    if zone is None or tzid[0] not in timezones:
        problems.append(f"{where}: {prop.name} TZID {tzid[0]} is not IANA or has no VTIMEZONE")
        return None
    if not _LOCAL_TIME.fullmatch(prop.value) or (local := _parse_local(prop.value)) is None:
        problems.append(f"{where}: {prop.name} {prop.value!r} is not a local date-time")
        return None
    # RFC 5545 §3.3.5: a repeated local time means its first occurrence (fold=0).
    moment = local.replace(tzinfo=zone).astimezone(UTC)
    _check_coverage(timezones[tzid[0]], moment, zone, f"{where}: {prop.name}", problems)
    return moment


def _check_coverage(
    vtimezone: Component, moment: datetime, zone: ZoneInfo, what: str, problems: list[str]
) -> None:
    """The VTIMEZONE's observance in force at `moment` must give zoneinfo's offset."""
    observances = [c for c in vtimezone.components if c.name in ("STANDARD", "DAYLIGHT")]
    if any(o.first("RRULE") or o.first("RDATE") for o in observances):
        return  # recurring observances are valid but beyond this checker's arithmetic
    onsets: list[tuple[datetime, timedelta]] = []
    for observance in observances:
        start, before, after = (
            observance.first(n) for n in ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO")
        )
        if start is None or before is None or after is None:
            continue
        local, offset_from, offset_to = _parse_local(start.value), _offset(before), _offset(after)
        if local is not None and offset_from is not None and offset_to is not None:
            onsets.append(((local - offset_from).replace(tzinfo=UTC), offset_to))
    in_force = [offset for onset, offset in sorted(onsets) if onset <= moment]
    expected = moment.astimezone(zone).utcoffset()
    if not in_force:
        problems.append(f"{what}: VTIMEZONE {zone.key} has no observance in force then")
    elif in_force[-1] != expected:
        problems.append(f"{what}: VTIMEZONE {zone.key} gives {in_force[-1]}, zoneinfo {expected}")


def _all_properties(component: Component) -> list[Property]:
    found = list(component.properties)
    for child in component.components:
        found += _all_properties(child)
    return found


def _is_mailto(value: str) -> bool:
    return value[:7].lower() == "mailto:" and "@" in value[7:]


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _parse_local(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, "%Y%m%dT%H%M%S")
    except ValueError:
        return None


def _utc_time(value: str) -> datetime | None:
    if not _UTC_TIME.fullmatch(value):
        return None
    local = _parse_local(value[:-1])
    return local.replace(tzinfo=UTC) if local is not None else None


def _offset(prop: Property) -> timedelta | None:
    match = _OFFSET.fullmatch(prop.value)
    if match is None:
        return None
    sign = -1 if match.group(1) == "-" else 1
    hours, minutes, seconds = int(match[2]), int(match[3]), int(match[4] or 0)
    return sign * timedelta(hours=hours, minutes=minutes, seconds=seconds)
