"""Calendar invitations for sessions: iTIP REQUEST and CANCEL (RFC 5546) and PUBLISH feeds.

`ics` 0.7.3 writes the VEVENT's own properties of a request or cancellation (SUMMARY,
LOCATION, DESCRIPTION, UID, STATUS, UTC times, TEXT escaping).  What it gets wrong or lacks
(see reference/pitfalls.md) is written here instead:

* METHOD: `ics` writes it after the VEVENT, so the VCALENDAR wrapper is ours.
* DTSTAMP, SEQUENCE, ORGANIZER, ATTENDEE: `ics` has no DTSTAMP or SEQUENCE and escapes commas
  in CN with a backslash; we render these lines ourselves and hand them to `ics` through its
  `extra` container, whose ContentLine writes parameter values verbatim.
* DTSTART/DTEND with TZID and the VTIMEZONE (``scheduling.invitations.vtimezone``): `ics`
  converts every time to UTC.
* Folding at 75 octets with CRLF: `ics` never folds.

Feeds skip `ics` entirely: it needs about 0.1 ms per event (arrow conversions) and keeps its
events in a set, so a 1,000-event feed would miss the 50 ms budget and come out in random
order.  The feed's VEVENTs use the same line renderer and `ics`'s own TEXT escaping, and a
test checks both paths write the same lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ics import Event as IcsEvent
from ics.grammar.parse import ContentLine
from ics.utils import escape_string

from core.clock import require_aware
from core.errors import Conflict, RuleViolation
from hearing.vocabulary import CHAIR_ROLES, ParticipantRole, PartStat
from scheduling.invitations.content_lines import CRLF, date_time_text, fold_lines
from scheduling.invitations.vtimezone import vtimezone

PRODID = "-//Concord//Concord 1.0//EN"

_EMAIL = re.compile(r"[^@\s\"<>()\[\],;:\\]+@[^@\s\"<>()\[\],;:\\]+")
# UID is TEXT but `ics` writes it unescaped, so only characters that need no escaping pass.
_UID = re.compile(r"[!#-+\--:<-\[\]-~]+")
# RFC 5545 TSAFE-CHAR/QSAFE-CHAR exclude the C0 controls (but HTAB) and DEL.
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NAME_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
_ROLES = frozenset(ParticipantRole)
_PARTSTATS = frozenset(PartStat)


@dataclass(frozen=True)
class InviteAttendee:
    email: str
    name: str
    role: str  # a hearing.vocabulary.ParticipantRole value
    required: bool = True
    partstat: str = "NEEDS-ACTION"


@dataclass(frozen=True)
class InviteEvent:
    uid: str  # stable, e.g. "<session uuid>@concord"
    sequence: int
    summary: str
    start: datetime  # tz-aware
    end: datetime
    organizer_email: str
    organizer_name: str
    attendees: tuple[InviteAttendee, ...]
    location: str = ""
    description: str = ""
    cancelled: bool = False  # STATUS:CANCELLED (else CONFIRMED)
    timezone: str | None = None  # IANA zone for TZID/VTIMEZONE; None = UTC


class _Line(NamedTuple):
    name: str
    value: str
    params: tuple[tuple[str, str], ...] = ()

    def render(self) -> str:
        if not self.params:
            return f"{self.name}:{self.value}"
        params = "".join(f";{key}={value}" for key, value in self.params)
        return f"{self.name}{params}:{self.value}"

    def to_ics(self) -> ContentLine:
        return ContentLine(self.name, {key: [value] for key, value in self.params}, self.value)


def build_request(event: InviteEvent, dtstamp: datetime) -> str:
    """An iTIP REQUEST inviting every attendee (also used for reschedules: raise `sequence`)."""
    if event.cancelled:
        raise RuleViolation(
            "a cancelled session is announced with build_cancel, not a request",
            code="request_for_cancelled_event",
            field="cancelled",
        )
    _validate_event(event, dtstamp)
    return _calendar("REQUEST", [], [*_vtimezones([event]), _ics_vevent(event, dtstamp, "REQUEST")])


def build_cancel(event: InviteEvent, dtstamp: datetime) -> str:
    """An iTIP CANCEL; the caller has already raised `sequence` above the last request's."""
    _validate_event(event, dtstamp)
    return _calendar("CANCEL", [], [*_vtimezones([event]), _ics_vevent(event, dtstamp, "CANCEL")])


def build_feed(events: Sequence[InviteEvent], dtstamp: datetime, calendar_name: str) -> str:
    """A PUBLISH feed (a participant's subscription), events in the given order."""
    seen: set[str] = set()
    for event in events:
        _validate_event(event, dtstamp, with_attendees=False)
        if event.uid in seen:
            raise Conflict(
                f"two events share the UID {event.uid}", code="duplicate_uid", field="uid"
            )
        seen.add(event.uid)
    components = _vtimezones(events)
    stamp = _stamp_line(dtstamp)
    # Many events share an organizer; rendering each once keeps a large feed fast.
    organizers: dict[tuple[str, str], _Line] = {}
    for event in events:
        key = (event.organizer_email, event.organizer_name)
        organizer = organizers.get(key)
        if organizer is None:
            organizer = organizers[key] = _organizer_line(event)
        components.append(_feed_vevent(event, stamp, organizer))
    name = f"X-WR-CALNAME:{escape_string(clean_text(calendar_name))}"
    return _calendar("PUBLISH", [name], components)


def invite_filename(event: InviteEvent) -> str:
    """The attachment name; clients ignore it, people reading a mail client do not."""
    return "cancel.ics" if event.cancelled else "invite.ics"


def itip_method(calendar_text: str) -> str:
    """The METHOD of an iTIP message (REQUEST, CANCEL, PUBLISH...)."""
    method = re.search(r"^METHOD:([A-Z-]+)\r$", calendar_text, re.MULTILINE)
    if method is None:
        raise RuleViolation("the calendar has no METHOD", code="missing_method", field="calendar")
    return method.group(1)


def calendar_content_type(calendar_text: str) -> str:
    """The email part's content type, whose method= must equal the METHOD inside (Outlook)."""
    return f"text/calendar; charset=UTF-8; method={itip_method(calendar_text)}"


def clean_text(text: str) -> str:
    """A TEXT value as every reader will see it: line breaks as LF, other controls dropped."""
    return _TEXT_CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def display_name(name: str) -> str:
    """A person's name as it can appear in a quoted CN parameter, and as parsers return it.

    A quoted parameter value cannot hold a double quote or a control character (RFC 5545
    QSAFE-CHAR), so a double quote becomes an apostrophe and a control a space.  A backslash
    becomes a slash: it would be shown literally, and our checker rejects anything that looks
    like the backslash escaping `ics` wrongly uses in parameters.
    """
    return _NAME_CONTROLS.sub(" ", name).replace('"', "'").replace("\\", "/")


def attendee_role(attendee: InviteAttendee) -> str:
    role = ParticipantRole(attendee.role)
    if role in CHAIR_ROLES:
        return "CHAIR"
    if role is ParticipantRole.OBSERVER:
        return "NON-PARTICIPANT"
    return "REQ-PARTICIPANT" if attendee.required else "OPT-PARTICIPANT"


def _calendar(method: str, properties: list[str], components: list[str]) -> str:
    """The VCALENDAR around already folded components."""
    # METHOD precedes every component: Gmail mishandles a cancellation otherwise.
    head = ["BEGIN:VCALENDAR", f"PRODID:{PRODID}", "VERSION:2.0", "CALSCALE:GREGORIAN"]
    head += [f"METHOD:{method}", *properties]
    return fold_lines(head) + "".join(components) + "END:VCALENDAR" + CRLF


def _ics_vevent(event: InviteEvent, dtstamp: datetime, method: str) -> str:
    status = "CANCELLED" if method == "CANCEL" or event.cancelled else "CONFIRMED"
    ics_event = IcsEvent(
        name=clean_text(event.summary) or None,
        uid=event.uid,
        location=clean_text(event.location) or None,
        description=clean_text(event.description) or None,
        status=status,
    )
    if event.timezone is None:
        ics_event.begin = _utc(event.start)
        ics_event.end = _utc(event.end)
    for line in _scheduling_lines(event, dtstamp, method):
        ics_event.extra.append(line.to_ics())
    text: str = ics_event.serialize()
    return fold_lines(text.split(CRLF))


def _feed_vevent(event: InviteEvent, stamp: _Line, organizer: _Line) -> str:
    # RFC 5546 §3.2.1: a PUBLISHed event carries no ATTENDEE.
    lines = ["BEGIN:VEVENT", f"UID:{event.uid}", stamp.render(), f"SEQUENCE:{event.sequence}"]
    lines += [line.render() for line in _time_lines(event)]
    for name, text in (
        ("SUMMARY", event.summary),
        ("LOCATION", event.location),
        ("DESCRIPTION", event.description),
    ):
        cleaned = clean_text(text)
        if cleaned:
            lines.append(f"{name}:{escape_string(cleaned)}")
    status = "CANCELLED" if event.cancelled else "CONFIRMED"
    lines += [f"STATUS:{status}", organizer.render(), "END:VEVENT"]
    return fold_lines(lines)


def _scheduling_lines(event: InviteEvent, dtstamp: datetime, method: str) -> list[_Line]:
    """The lines `ics` cannot write correctly, rendered the same way for both paths."""
    lines = [_stamp_line(dtstamp), _Line("SEQUENCE", str(event.sequence))]
    if event.timezone is not None:
        lines += _time_lines(event)
    lines.append(_organizer_line(event))
    lines += [_attendee_line(attendee, method) for attendee in event.attendees]
    return lines


def _stamp_line(dtstamp: datetime) -> _Line:
    return _Line("DTSTAMP", _utc_stamp(dtstamp))


def _time_lines(event: InviteEvent) -> list[_Line]:
    if event.timezone is None:
        return [_Line("DTSTART", _utc_stamp(event.start)), _Line("DTEND", _utc_stamp(event.end))]
    zone = ZoneInfo(event.timezone)
    return [_time_line("DTSTART", event.start, zone), _time_line("DTEND", event.end, zone)]


def _organizer_line(event: InviteEvent) -> _Line:
    return _Line("ORGANIZER", f"mailto:{event.organizer_email}", _cn(event.organizer_name))


def _attendee_line(attendee: InviteAttendee, method: str) -> _Line:
    params = [*_cn(attendee.name), ("ROLE", attendee_role(attendee))]
    params.append(("PARTSTAT", attendee.partstat))
    # A cancellation expects no reply, so it never asks for one.
    if attendee.partstat == PartStat.NEEDS_ACTION and method == "REQUEST":
        params.append(("RSVP", "TRUE"))
    return _Line("ATTENDEE", f"mailto:{attendee.email}", tuple(params))


def _cn(name: str) -> tuple[tuple[str, str], ...]:
    shown = display_name(name)
    if not shown.strip():
        return ()
    # Always quoted, so commas, semicolons and colons need nothing more.  Both parsers we test
    # with decode RFC 6868 caret escapes, so a literal "^" is written "^^" to survive.
    return (("CN", '"' + shown.replace("^", "^^") + '"'),)


def _time_line(name: str, moment: datetime, zone: ZoneInfo) -> _Line:
    local = moment.astimezone(zone)
    # RFC 5545 §3.3.5 reads a repeated local time as its first occurrence; the second one
    # (fold=1, the hour after clocks go back) can only be written in UTC.
    if local.fold:
        return _Line(name, _utc_stamp(moment))
    return _Line(name, date_time_text(local), (("TZID", zone.key),))


def _vtimezones(events: Sequence[InviteEvent]) -> list[str]:
    years: dict[str, tuple[int, int]] = {}
    for event in events:
        if event.timezone is None:
            continue
        zone = ZoneInfo(event.timezone)
        moments = [event.start, event.end]
        seen = [m.astimezone(zone).year for m in moments] + [_utc(m).year for m in moments]
        first, last = years.get(event.timezone, (min(seen), max(seen)))
        years[event.timezone] = (min(first, *seen), max(last, *seen))
    return [vtimezone(key, first, last) for key, (first, last) in years.items()]


def _utc(moment: datetime) -> datetime:
    # iCalendar has one-second resolution; both paths drop the fraction the same way.
    return moment.astimezone(UTC).replace(microsecond=0)


def _utc_stamp(moment: datetime) -> str:
    return date_time_text(moment.astimezone(UTC)) + "Z"


def _validate_event(event: InviteEvent, dtstamp: datetime, *, with_attendees: bool = True) -> None:
    if not _UID.fullmatch(event.uid):
        raise RuleViolation(f"UID {event.uid!r} is not usable", code="invalid_uid", field="uid")
    if event.sequence < 0:
        raise RuleViolation("SEQUENCE starts at 0", code="negative_sequence", field="sequence")
    for field, moment in (("start", event.start), ("end", event.end), ("dtstamp", dtstamp)):
        require_aware(moment, field)
    if _utc(event.end) <= _utc(event.start):
        raise RuleViolation(
            "the end is not after the start", code="end_not_after_start", field="end"
        )
    if event.timezone is not None:
        _validate_timezone(event.timezone)
    _validate_email(event.organizer_email, "organizer_email")
    if not with_attendees:
        return
    if not event.attendees:
        # RFC 5546 §3.2.2 and §3.2.5: a REQUEST or CANCEL names at least one attendee.
        raise RuleViolation(
            "an invitation needs an attendee", code="no_attendees", field="attendees"
        )
    emails = [attendee.email.lower() for attendee in event.attendees]
    for index, attendee in enumerate(event.attendees):
        _validate_attendee(attendee, f"attendees[{index}]")
        if emails.index(attendee.email.lower()) != index:
            raise RuleViolation(
                f"{attendee.email} is invited twice",
                code="duplicate_attendee",
                field=f"attendees[{index}].email",
            )


def _validate_attendee(attendee: InviteAttendee, field: str) -> None:
    _validate_email(attendee.email, f"{field}.email")
    if attendee.role not in _ROLES:
        raise RuleViolation(
            f"unknown role {attendee.role!r}", code="unknown_role", field=f"{field}.role"
        )
    if attendee.partstat not in _PARTSTATS:
        raise RuleViolation(
            f"unknown PARTSTAT {attendee.partstat!r}",
            code="unknown_partstat",
            field=f"{field}.partstat",
        )


def _validate_email(email: str, field: str) -> None:
    if not _EMAIL.fullmatch(email):
        raise RuleViolation(f"{email!r} is not an email address", code="invalid_email", field=field)


def _validate_timezone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise RuleViolation(
            f"{name!r} is not an IANA time zone", code="unknown_timezone", field="timezone"
        ) from error
