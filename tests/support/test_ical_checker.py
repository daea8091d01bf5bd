"""The strict checker accepts what we build and rejects what common parsers let through."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from ics import Calendar as IcsCalendar
from ics import Event as IcsEvent
from ics.attendee import Attendee as IcsAttendee
from ics.attendee import Organizer as IcsOrganizer

from hearing.vocabulary import ParticipantRole
from scheduling.invitations.writer import (
    InvitationAttendee,
    InvitationEvent,
    build_cancel,
    build_request,
)
from tests.support.ical_checker import assert_valid_calendar, check_calendar

BERLIN = ZoneInfo("Europe/Berlin")
DTSTAMP = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)

VALID = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "PRODID:-//Example//Test//EN",
        "VERSION:2.0",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        "UID:one@example.org",
        "DTSTAMP:20260601T120000Z",
        "DTSTART:20260610T010000Z",
        "DTEND:20260610T020000Z",
        "SEQUENCE:0",
        "STATUS:CONFIRMED",
        "SUMMARY:Hearing\\, room 3",
        'ORGANIZER;CN="Bureau":mailto:bureau@example.org',
        'ATTENDEE;CN="Li, Wei";ROLE=CHAIR;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:li@',
        " example.org",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
)


def built_request(**changes: object) -> str:
    event = InvitationEvent(
        uid="s-1@concord",
        sequence=0,
        summary="公开听证",
        start=datetime(2026, 6, 10, 9, tzinfo=BERLIN),
        end=datetime(2026, 6, 10, 11, tzinfo=BERLIN),
        organizer_email="bureau@example.cn",
        organizer_name="信访局",
        attendees=(
            InvitationAttendee("zhang@example.cn", "张三", ParticipantRole.PETITIONER),
            InvitationAttendee("li@example.cn", "Li, Wei", ParticipantRole.PRESIDING_OFFICER),
        ),
        description="x" * 200,
        timezone="Europe/Berlin",
    )
    return build_request(event, DTSTAMP)


def replaced(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def has_problem(problems: list[str], *words: str) -> bool:
    return any(all(word in problem for word in words) for problem in problems)


def test_a_hand_written_valid_file_has_no_problems() -> None:
    assert check_calendar(VALID, expected_method="REQUEST") == []


def test_built_request_has_no_problems() -> None:
    assert check_calendar(built_request(), expected_method="REQUEST") == []


def test_raw_ics_output_is_rejected_for_each_known_defect() -> None:
    calendar = IcsCalendar(creator="-//Example//ics//EN")
    calendar.method = "CANCEL"
    event = IcsEvent(
        name="Hearing",
        uid="one@example.org",
        begin=DTSTAMP,
        end=DTSTAMP + timedelta(hours=1),
    )
    event.organizer = IcsOrganizer("bureau@example.org", common_name="Bureau")
    event.add_attendee(
        IcsAttendee("li@example.org", common_name="Li, Wei", role="CHAIR", rsvp="TRUE")
    )
    calendar.events.add(event)
    text = calendar.serialize()
    # The lenient parser reads it without complaint...
    assert icalendar.Calendar.from_ical(text).walk("VEVENT")

    problems = check_calendar(text, expected_method="CANCEL")

    assert has_problem(problems, "METHOD comes after BEGIN:VEVENT")
    assert has_problem(problems, "CN", "backslash escape")
    assert has_problem(problems, "CN has 2 values")
    assert has_problem(problems, "0 DTSTAMP")
    assert has_problem(problems, "0 SEQUENCE")
    assert has_problem(problems, "CANCEL needs STATUS:CANCELLED")
    assert has_problem(problems, "does not end with CRLF")


def test_quoted_value_with_a_backslash_escape_is_rejected() -> None:
    text = replaced(VALID, 'CN="Li, Wei"', 'CN="Li\\, Wei"')

    assert has_problem(check_calendar(text), "ATTENDEE CN uses a backslash escape")


def test_unquoted_semicolon_in_a_parameter_breaks_the_line() -> None:
    text = replaced(VALID, 'CN="Li, Wei"', "CN=Li;Wei")

    assert has_problem(check_calendar(text), "not a valid content line")


def test_unfolded_long_line_is_rejected() -> None:
    text = replaced(VALID, "SUMMARY:Hearing\\, room 3", "SUMMARY:" + "听证" * 20)

    assert has_problem(check_calendar(text), "128 octets, longer than 75")


def test_folding_that_lost_its_leading_space_is_rejected() -> None:
    folded = built_request()
    assert "\r\n " in folded

    problems = check_calendar(folded.replace("\r\n ", "\r\n"))

    assert has_problem(problems, "not a valid content line")


def test_lf_line_endings_are_rejected() -> None:
    problems = check_calendar(VALID.replace("\r\n", "\n"))

    assert problems == [f"{VALID.count(chr(10))} line(s) end with LF instead of CRLF"]


def test_two_sequence_lines_are_rejected() -> None:
    text = replaced(VALID, "SEQUENCE:0\r\n", "SEQUENCE:0\r\nSEQUENCE:1\r\n")

    assert has_problem(check_calendar(text), "has 2 SEQUENCE lines")


@pytest.mark.parametrize("value", ["-1", "one", "1.5", ""])
def test_sequence_must_be_a_non_negative_integer(value: str) -> None:
    text = replaced(VALID, "SEQUENCE:0", f"SEQUENCE:{value}")

    assert has_problem(check_calendar(text), "is not a non-negative integer")


def test_cancel_without_status_cancelled_is_rejected() -> None:
    text = replaced(VALID, "METHOD:REQUEST", "METHOD:CANCEL")

    assert has_problem(
        check_calendar(text, expected_method="CANCEL"), "CANCEL needs STATUS:CANCELLED"
    )


def test_built_cancel_with_its_status_removed_is_rejected() -> None:
    event = InvitationEvent(
        uid="s-1@concord",
        sequence=1,
        summary="x",
        start=DTSTAMP,
        end=DTSTAMP + timedelta(hours=1),
        organizer_email="bureau@example.cn",
        organizer_name="Bureau",
        attendees=(InvitationAttendee("li@example.cn", "Li", ParticipantRole.MEDIATOR),),
    )
    text = build_cancel(event, DTSTAMP)
    assert check_calendar(text, expected_method="CANCEL") == []

    broken = replaced(text, "STATUS:CANCELLED\r\n", "")

    assert has_problem(check_calendar(broken, expected_method="CANCEL"), "STATUS:CANCELLED")


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("METHOD:REQUEST\r\n", "", ("METHOD is missing, expected REQUEST",)),
        ("METHOD:REQUEST", "METHOD:PUBLISH", ("METHOD is PUBLISH, expected REQUEST",)),
        ("END:VEVENT\r\n", "", ("BEGIN:VEVENT is never closed",)),
        ("DTSTAMP:20260601T120000Z", "DTSTAMP:20260601T120000", ("DTSTAMP", "UTC")),
        ("DTEND:20260610T020000Z", "DTEND:20260610T000000Z", ("DTEND is not after DTSTART",)),
        ("DTSTART:20260610T010000Z", "DTSTART:20260610T010000", ("DTSTART", "neither UTC")),
        ("DTSTART:20260610T010000Z", "DTSTART;TZID=Asia/Shanghai:20260610T090000", ("TZID",)),
        ("ORGANIZER", "X-ORGANIZER", ("needs an ORGANIZER",)),
        ("RSVP=TRUE", "RSVP=YES", ("RSVP must be TRUE or FALSE",)),
        ("ROLE=CHAIR", "ROLE=BOSS", ("valid ROLE",)),
        (";PARTSTAT=NEEDS-ACTION", "", ("valid PARTSTAT",)),
        ("mailto:li@", "li@", ("neither mailto: nor urn:uuid:",)),
        ("SUMMARY:Hearing\\, room 3", "SUMMARY:Hearing, room 3", ("unescaped ','",)),
        ("SUMMARY:Hearing\\, room 3", "SUMMARY:C:\\temp", ("invalid escape",)),
        ("UID:one@example.org\r\n", "", ("has 0 UID lines",)),
        ("STATUS:CONFIRMED", "STATUS:DONE", ("STATUS 'DONE'",)),
    ],
)
def test_each_defect_is_named(old: str, new: str, words: tuple[str, ...]) -> None:
    problems = check_calendar(replaced(VALID, old, new), expected_method="REQUEST")

    assert has_problem(problems, *words), problems


def test_tzid_must_be_iana_and_have_its_vtimezone() -> None:
    text = built_request()

    unknown = text.replace("Europe/Berlin", "Europe/Atlantis")
    missing = replaced(text, "TZID:Europe/Berlin", "TZID:Europe/Paris")

    assert has_problem(check_calendar(unknown), "Europe/Atlantis is not an IANA time zone")
    assert has_problem(
        check_calendar(missing), "TZID Europe/Berlin is not IANA or has no VTIMEZONE"
    )


def test_vtimezone_with_a_wrong_offset_is_rejected() -> None:
    text = built_request()  # 10 June: summer time, offset +0200
    assert "TZOFFSETTO:+0200" in text

    problems = check_calendar(text.replace("TZOFFSETTO:+0200", "TZOFFSETTO:+0300"))

    assert has_problem(problems, "VTIMEZONE Europe/Berlin gives 3:00:00, zoneinfo 2:00:00")


def test_vtimezone_that_starts_after_the_event_is_rejected() -> None:
    text = built_request()
    body = text.split("BEGIN:VTIMEZONE")[1].split("END:VTIMEZONE")[0]
    observances = body.split("BEGIN:")[1:]
    trimmed = "BEGIN:" + "BEGIN:".join(observances[2:])  # keep only the October switch
    broken = text.replace(body, body.split("BEGIN:")[0] + trimmed)

    assert has_problem(check_calendar(broken), "has no observance in force")


def test_two_requests_for_different_events_in_one_file_are_rejected() -> None:
    event = VALID.split("BEGIN:VEVENT")[1].split("END:VEVENT")[0]
    second = "BEGIN:VEVENT" + event.replace("one@example.org", "two@example.org") + "END:VEVENT"
    text = replaced(VALID, "END:VCALENDAR", second + "\r\nEND:VCALENDAR")

    assert has_problem(check_calendar(text), "a REQUEST describes one event")


def test_assert_valid_calendar_lists_every_problem() -> None:
    broken = replaced(VALID, "SEQUENCE:0\r\n", "").replace("\r\n", "\n")

    with pytest.raises(AssertionError) as error:
        assert_valid_calendar(broken, expected_method="REQUEST")

    message = str(error.value)
    assert "LF instead of CRLF" in message
    assert "0 SEQUENCE" in message
