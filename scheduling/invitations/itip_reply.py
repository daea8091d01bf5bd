"""Reading an iTIP REPLY (RFC 5546) that a calendar app sends back to the organizer."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import RuleViolation
from scheduling.calendars.ics_text import parsed_calendar

ANSWERS = frozenset({"ACCEPTED", "DECLINED", "TENTATIVE"})


@dataclass(frozen=True)
class ReplyAnswer:
    uid: str
    sequence: int
    email: str
    partstat: str


def _invalid(message: str) -> RuleViolation:
    return RuleViolation(message, code="invalid_itip_reply", field="file")


def read_reply(text: str) -> ReplyAnswer:
    """The one attendee's answer in a METHOD:REPLY calendar, or a rule violation saying why not."""
    calendar = parsed_calendar(text, field="file", code="invalid_itip_reply")
    if str(calendar.get("METHOD", "")).upper() != "REPLY":
        raise _invalid("an answer must be an iTIP REPLY (METHOD:REPLY)")
    events = calendar.walk("VEVENT")
    if len(events) != 1:
        raise _invalid("a REPLY answers exactly one event")
    [event] = events
    attendees = event.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees] if attendees else []
    if len(attendees) != 1:
        raise _invalid("a REPLY carries exactly one ATTENDEE: the one who answers")
    [attendee] = attendees
    address = str(attendee)
    if not address.lower().startswith("mailto:"):
        raise _invalid("the ATTENDEE must be a mailto: address")
    partstat = str(attendee.params.get("PARTSTAT", "")).upper()
    if partstat not in ANSWERS:
        raise _invalid(f"PARTSTAT must be one of {sorted(ANSWERS)}")
    return ReplyAnswer(
        uid=str(event.get("UID", "")),
        sequence=int(event.decoded("SEQUENCE", 0)),
        email=address[len("mailto:") :].strip().lower(),
        partstat=partstat,
    )
