"""What a participant's CalDAV calendar stores of an invitation (RFC 4791 §4.1).

A calendar collection holds calendar objects, not scheduling messages: a stored object has no
METHOD, and all of its components share one UID.  What a calendar keeps of our iTIP REQUEST
or CANCEL (``scheduling.invitations.writer``) is therefore the message without its METHOD line:
the same VTIMEZONE and VEVENT, with the same UID, SEQUENCE and STATUS.  Stored under a name
derived from the UID, a reschedule or a cancellation replaces the object instead of adding a
second one. Every other line is kept as it was, folding included, and ends in CRLF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from core.errors import RuleViolation

_CRLF = "\r\n"
_NAME = re.compile(r"[A-Za-z0-9-]+")
# The value starts at the first colon outside a quoted parameter value.
_VALUE = re.compile(r'(?:[^:"]|"[^"]*")*:(.*)', re.DOTALL)
_UID_COMPONENTS = frozenset({"VEVENT", "VTODO", "VJOURNAL"})


@dataclass(frozen=True)
class CalendarObject:
    uid: str
    name: str  # the resource name inside a calendar collection: "<uid>.ics", percent-encoded
    text: str


def calendar_object(itip_message: str) -> CalendarObject:
    """The calendar object a CalDAV collection stores for one iTIP message."""
    kept: list[str] = []
    uids: set[str] = set()
    path: list[str] = []
    for line in _content_lines(itip_message):
        name = _property_name(line)
        value = _value(line)
        if name == "BEGIN":
            path.append(value.upper())
        elif name == "END" and path:
            path.pop()
        elif name == "METHOD" and path == ["VCALENDAR"]:
            continue
        elif name == "UID" and len(path) == 2 and path[1] in _UID_COMPONENTS:
            uids.add(value)
        kept.append(line)
    if not kept or _property_name(kept[0]) != "BEGIN" or _value(kept[0]).upper() != "VCALENDAR":
        raise _invalid("the calendar does not start with BEGIN:VCALENDAR")
    if len(uids) != 1:
        raise _invalid(f"a calendar object holds exactly one UID, this calendar has {len(uids)}")
    [uid] = uids
    return CalendarObject(uid=uid, name=quote(uid, safe="") + ".ics", text="".join(kept))


def _content_lines(text: str) -> list[str]:
    """Logical lines, each as its physical lines (folds kept), each ending in CRLF."""
    lines: list[str] = []
    for physical in re.split(r"\r?\n", text):
        if physical[:1] in (" ", "\t") and lines:
            lines[-1] += physical + _CRLF
        elif physical:
            lines.append(physical + _CRLF)
    return lines


def _property_name(line: str) -> str:
    match = _NAME.match(line)
    return match.group().upper() if match else ""


def _value(line: str) -> str:
    unfolded = re.sub(r"\r\n[ \t]", "", line).removesuffix(_CRLF)
    match = _VALUE.match(unfolded)
    return match.group(1) if match else ""


def _invalid(message: str) -> RuleViolation:
    return RuleViolation(message, code="invalid_calendar_object", field="calendar")
