"""Calendar invitations for sessions: iTIP REQUEST and CANCEL (RFC 5546) and PUBLISH feeds.

One VEVENT writer serves all three, built on `ics` 0.7.3's content lines (``ContentLine``,
``Container``) and TEXT escaping (``escape_string``). What `ics` gets wrong or lacks (see
reference/pitfalls.md) is done here, once:

* METHOD before every component: `ics` writes it after the VEVENT.
* DTSTAMP and SEQUENCE, which `ics` has no property for.
* ORGANIZER and ATTENDEE with a quoted CN (RFC 6868 caret escapes; `ics` backslash-escapes
  commas in parameters), ROLE, PARTSTAT and RSVP.
* DTSTART/DTEND with TZID and the VTIMEZONE (``scheduling.invitations.vtimezone``): `ics`
  converts every time to UTC.
* Folding at 75 octets with CRLF: `ics` never folds.

`ics`'s ``Event`` is not used: it needs about 0.1 ms per event (arrow conversions) and keeps
its events in a set, so a 1,000-event feed would miss the 50 ms budget and come out in random
order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ics.grammar.parse import Container, ContentLine
from ics.utils import escape_string

from core.clock import require_aware
from core.errors import Conflict, RuleViolation
from hearing.vocabulary import CHAIR_ROLES, ParticipantRole, PartStat
from scheduling.invitations.content_lines import CRLF, date_time_text, fold_lines
from scheduling.invitations.vtimezone import vtimezone

PRODID = "-//Concord//Concord 1.0//EN"

_EMAIL = re.compile(r"[^@\s\"<>()\[\],;:\\]+@[^@\s\"<>()\[\],;:\\]+")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# UID is TEXT but `ics` writes it unescaped, so only characters that need no escaping pass.
_UID = re.compile(r"[!#-+\--:<-\[\]-~]+")
# RFC 5545 TSAFE-CHAR/QSAFE-CHAR exclude the C0 controls (but HTAB) and DEL.
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NAME_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
_ROLES = frozenset(ParticipantRole)
_PARTSTATS = frozenset(PartStat)


@dataclass(frozen=True)
class InvitationAttendee:
    #: None when the recipient may not know it: the attendee is then named by ``key``.
    email: str | None
    name: str
    role: str  # a hearing.vocabulary.ParticipantRole value
    required: bool = True
    partstat: str = "NEEDS-ACTION"
    #: What names an attendee whose address is withheld (their person id): RFC 5545 lets a
    #: CAL-ADDRESS be any URI, and a urn:uuid one reaches no one.
    key: str | None = None

    @property
    def cal_address(self) -> str:
        return f"mailto:{self.email}" if self.email is not None else f"urn:uuid:{self.key}"


@dataclass(frozen=True)
class InvitationEvent:
    uid: str  # stable, e.g. "<session uuid>@concord"
    sequence: int
    summary: str
    start: datetime  # tz-aware
    end: datetime
    organizer_email: str
    organizer_name: str
    attendees: tuple[InvitationAttendee, ...]
    location: str = ""
    description: str = ""
    cancelled: bool = False  # STATUS:CANCELLED (else CONFIRMED)
    timezone: str | None = None  # IANA zone for TZID/VTIMEZONE; None = UTC


def build_request(event: InvitationEvent, dtstamp: datetime) -> str:
    """An iTIP REQUEST inviting every attendee (also used for reschedules: raise `sequence`)."""
    if event.cancelled:
        raise RuleViolation(
            "a cancelled session is announced with build_cancel, not a request",
            code="request_for_cancelled_event",
            field="cancelled",
        )
    _validate_event(event, dtstamp)
    return _calendar(
        "REQUEST", [], [*_vtimezones([event]), _message_vevent(event, dtstamp, "REQUEST")]
    )


def build_cancel(event: InvitationEvent, dtstamp: datetime) -> str:
    """An iTIP CANCEL; the caller has already raised `sequence` above the last request's."""
    _validate_event(event, dtstamp)
    return _calendar(
        "CANCEL", [], [*_vtimezones([event]), _message_vevent(event, dtstamp, "CANCEL")]
    )


def build_feed(events: Sequence[InvitationEvent], dtstamp: datetime, calendar_name: str) -> str:
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
    organizers: dict[tuple[str, str], ContentLine] = {}
    for event in events:
        key = (event.organizer_email, event.organizer_name)
        organizer = organizers.get(key)
        if organizer is None:
            organizer = organizers[key] = _organizer_line(event)
        components.append(_vevent(event, stamp, organizer, "PUBLISH"))
    name = str(_line("X-WR-CALNAME", escape_string(clean_text(calendar_name))))
    return _calendar("PUBLISH", [name], components)


def invitation_filename(event: InvitationEvent) -> str:
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
    """A person's name as it can appear in a CN parameter, and as parsers return it.

    A quoted parameter value cannot hold a control character (RFC 5545 QSAFE-CHAR), so a
    control becomes a space; a double quote stays, written with its RFC 6868 escape.  A
    backslash becomes a slash: it would be shown literally, and our checker rejects anything
    that looks like the backslash escaping `ics` wrongly uses in parameters.
    """
    return _NAME_CONTROLS.sub(" ", name).replace("\\", "/")


def attendee_role(attendee: InvitationAttendee) -> str:
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


def _message_vevent(event: InvitationEvent, dtstamp: datetime, method: str) -> str:
    return _vevent(event, _stamp_line(dtstamp), _organizer_line(event), method)


def _vevent(event: InvitationEvent, stamp: ContentLine, organizer: ContentLine, method: str) -> str:
    """The event of a REQUEST, CANCEL or PUBLISH, folded."""
    lines = [_line("UID", event.uid), stamp, _line("SEQUENCE", str(event.sequence))]
    lines += [*_time_lines(event), organizer]
    # RFC 5546 §3.2.1: a PUBLISHed event carries no ATTENDEE.
    if method != "PUBLISH":
        lines += [_attendee_line(attendee, method) for attendee in event.attendees]
    # The TEXT properties follow, in the order `ics`'s Event writes them.
    for name, text in (("DESCRIPTION", event.description), ("LOCATION", event.location)):
        cleaned = clean_text(text)
        if cleaned:
            lines.append(_line(name, escape_string(cleaned)))
    cancelled = method == "CANCEL" or event.cancelled
    lines.append(_line("STATUS", "CANCELLED" if cancelled else "CONFIRMED"))
    summary = clean_text(event.summary)
    if summary:
        lines.append(_line("SUMMARY", escape_string(summary)))
    return fold_lines(str(Container("VEVENT", *lines)).split(CRLF))


def _line(name: str, value: str, params: dict[str, str] | None = None) -> ContentLine:
    """A content line whose parameter values are written as given (already quoted)."""
    return ContentLine(name, {key: [text] for key, text in (params or {}).items()}, value)


def _stamp_line(dtstamp: datetime) -> ContentLine:
    return _line("DTSTAMP", _utc_stamp(dtstamp))


def _time_lines(event: InvitationEvent) -> list[ContentLine]:
    if event.timezone is None:
        return [_line("DTSTART", _utc_stamp(event.start)), _line("DTEND", _utc_stamp(event.end))]
    zone = ZoneInfo(event.timezone)
    return [_time_line("DTSTART", event.start, zone), _time_line("DTEND", event.end, zone)]


def _organizer_line(event: InvitationEvent) -> ContentLine:
    return _line("ORGANIZER", f"mailto:{event.organizer_email}", _cn(event.organizer_name))


def _attendee_line(attendee: InvitationAttendee, method: str) -> ContentLine:
    params = {**_cn(attendee.name), "ROLE": attendee_role(attendee)}
    params["PARTSTAT"] = attendee.partstat
    # A cancellation expects no reply, so it never asks for one.
    if attendee.partstat == PartStat.NEEDS_ACTION and method == "REQUEST":
        params["RSVP"] = "TRUE"
    return _line("ATTENDEE", attendee.cal_address, params)


def _cn(name: str) -> dict[str, str]:
    shown = display_name(name)
    if not shown.strip():
        return {}
    # Always quoted, so commas, semicolons and colons need nothing more.  A double quote
    # cannot stand in a quoted value: RFC 6868 writes it "^'", and so a literal "^" "^^".
    return {"CN": '"' + shown.replace("^", "^^").replace('"', "^'") + '"'}


def _time_line(name: str, moment: datetime, zone: ZoneInfo) -> ContentLine:
    local = moment.astimezone(zone)
    # RFC 5545 §3.3.5 reads a repeated local time as its first occurrence; the second one
    # (fold=1, the hour after clocks go back) can only be written in UTC.
    if local.fold:
        return _line(name, _utc_stamp(moment))
    return _line(name, date_time_text(local), {"TZID": zone.key})


def _vtimezones(events: Sequence[InvitationEvent]) -> list[str]:
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


def _validate_event(
    event: InvitationEvent, dtstamp: datetime, *, with_attendees: bool = True
) -> None:
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
    addresses = [attendee.cal_address.lower() for attendee in event.attendees]
    for index, attendee in enumerate(event.attendees):
        _validate_attendee(attendee, f"attendees[{index}]")
        if addresses.index(attendee.cal_address.lower()) != index:
            raise RuleViolation(
                f"{attendee.cal_address} is invited twice",
                code="duplicate_attendee",
                field=f"attendees[{index}].email",
            )


def _validate_attendee(attendee: InvitationAttendee, field: str) -> None:
    if attendee.email is not None:
        _validate_email(attendee.email, f"{field}.email")
    elif attendee.key is None or not _UUID.fullmatch(attendee.key):
        raise RuleViolation(
            "an attendee without an email is named by a UUID key",
            code="invalid_attendee_key",
            field=f"{field}.key",
        )
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
