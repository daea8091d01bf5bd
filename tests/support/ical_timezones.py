"""Time zones for the strict iCalendar checker: VTIMEZONE blocks and the instants events name.

A VTIMEZONE is compared with zoneinfo, so an offset we write wrongly is caught here rather than
by a participant arriving an hour late.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tests.support.ical_syntax import Component, Property

_UTC_TIME = re.compile(r"\d{8}T\d{6}Z")
_LOCAL_TIME = re.compile(r"\d{8}T\d{6}")
_OFFSET = re.compile(r"([+-])(\d{2})(\d{2})(\d{2})?")


def check_timezones(calendar: Component, problems: list[str]) -> dict[str, Component]:
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


def event_time(
    prop: Property | None, timezones: dict[str, Component], where: str, problems: list[str]
) -> datetime | None:
    """The instant a DTSTART/DTEND names, or None after reporting why it cannot be read."""
    if prop is None:
        return None
    tzid = prop.params.get("TZID")
    if tzid is None:
        moment = utc_time(prop.value)
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


def utc_time(value: str) -> datetime | None:
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
