"""Reading a written calendar back with two independent parsers that must agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import icalendar
from ical.calendar_stream import IcsCalendarStream


@dataclass(frozen=True)
class Seen:
    """What a parser read back from one VEVENT."""

    method: str | None
    uid: str
    dtstamp: datetime
    sequence: int
    start: datetime
    end: datetime
    status: str
    organizer: tuple[str, str | None]
    attendees: tuple[tuple[str, str | None, str | None, str | None, bool | None], ...]
    description: str | None


def as_datetime(value: object) -> datetime:
    assert isinstance(value, datetime), value
    return value


def read_with_icalendar(text: str) -> list[Seen]:
    calendar = icalendar.Calendar.from_ical(text)
    seen = []
    for event in calendar.walk("VEVENT"):
        attendees = event.get("ATTENDEE", [])
        if not isinstance(attendees, list):
            attendees = [attendees]
        organizer = event["ORGANIZER"]
        seen.append(
            Seen(
                method=str(calendar["METHOD"]),
                uid=str(event["UID"]),
                dtstamp=as_datetime(event.decoded("DTSTAMP")),
                sequence=event.decoded("SEQUENCE"),
                start=as_datetime(event.decoded("DTSTART")),
                end=as_datetime(event.decoded("DTEND")),
                status=str(event["STATUS"]),
                organizer=(str(organizer), organizer.params.get("CN")),
                attendees=tuple(
                    (
                        str(a),
                        a.params.get("CN"),
                        a.params.get("ROLE"),
                        a.params.get("PARTSTAT"),
                        {"TRUE": True, "FALSE": False}.get(a.params.get("RSVP", "")),
                    )
                    for a in attendees
                ),
                description=str(event["DESCRIPTION"]) if "DESCRIPTION" in event else None,
            )
        )
    return seen


def read_with_ical(text: str) -> list[Seen]:
    calendar = IcsCalendarStream.calendar_from_ics(text)
    return [
        Seen(
            method=calendar.method,
            uid=event.uid,
            dtstamp=as_datetime(event.dtstamp),
            sequence=event.sequence if event.sequence is not None else -1,
            start=as_datetime(event.dtstart),
            end=as_datetime(event.dtend),
            status=str(event.status.value) if event.status else "",
            organizer=(event.organizer.uri, event.organizer.common_name)
            if event.organizer
            else ("", None),
            attendees=tuple(
                (a.uri, a.common_name, a.role, a.status, a.rsvp) for a in event.attendees
            ),
            description=event.description,
        )
        for event in calendar.events
    ]


def read_back(text: str) -> list[Seen]:
    """Both parsers' reading, asserted to agree."""
    by_icalendar, by_ical = read_with_icalendar(text), read_with_ical(text)
    assert by_icalendar == by_ical
    return by_ical


def physical_lines(text: str) -> list[str]:
    assert text.endswith("\r\n")
    return text[:-2].split("\r\n")
