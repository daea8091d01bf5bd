"""Requests and cancellations are checked by our strict checker and read back by two parsers."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import RuleViolation
from hearing.vocabulary import ParticipantRole
from scheduling.invitations.writer import (
    InvitationAttendee,
    attendee_role,
    build_cancel,
    build_feed,
    build_request,
    calendar_content_type,
    clean_text,
    display_name,
    invitation_filename,
)
from tests.scheduling.invitations.invitation_samples import DTSTAMP, LI, SHANGHAI, ZHANG, make_event
from tests.scheduling.invitations.read_back import (
    physical_lines,
    read_back,
    read_with_ical,
    read_with_icalendar,
)
from tests.support.ical_checker import assert_valid_calendar


def test_request_passes_the_strict_checker_with_method_first() -> None:
    text = build_request(make_event(timezone="Asia/Shanghai"), DTSTAMP)

    assert_valid_calendar(text, expected_method="REQUEST")
    lines = physical_lines(text)
    assert lines.index("METHOD:REQUEST") < lines.index("BEGIN:VTIMEZONE")
    assert lines.index("BEGIN:VTIMEZONE") < lines.index("BEGIN:VEVENT")
    assert lines[:4] == [
        "BEGIN:VCALENDAR",
        "PRODID:-//Concord//Concord 1.0//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
    ]


def test_request_reads_back_identically_in_both_parsers() -> None:
    event = make_event(sequence=2)

    [seen] = read_back(build_request(event, DTSTAMP))

    assert seen.method == "REQUEST"
    assert seen.uid == event.uid
    assert seen.dtstamp == DTSTAMP
    assert seen.sequence == 2
    assert seen.start == event.start
    assert seen.end == event.end
    assert seen.status == "CONFIRMED"
    assert seen.organizer == ("mailto:coordinator@xinfang.example.cn", "信访局, Coordinator")
    assert seen.attendees == (
        ("mailto:zhang.san@example.cn", "张三", "REQ-PARTICIPANT", "NEEDS-ACTION", True),
        ("mailto:li.wei@example.cn", "Li, Wei", "CHAIR", "NEEDS-ACTION", True),
        (
            "mailto:office@gov.example.cn",
            "住建局; Housing: Office",
            "REQ-PARTICIPANT",
            "ACCEPTED",
            None,
        ),
        ("mailto:expert@example.org", "Dr. Wang", "OPT-PARTICIPANT", "TENTATIVE", None),
        ("mailto:guest@example.org", "旁听人 Zhao", "NON-PARTICIPANT", "NEEDS-ACTION", True),
    )
    assert seen.description == event.description


def test_cn_is_double_quoted_never_backslash_escaped() -> None:
    text = build_request(make_event(), DTSTAMP)

    unfolded = text.replace("\r\n ", "")
    assert 'ATTENDEE;CN="Li, Wei";ROLE=CHAIR;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:' in unfolded
    assert 'CN="住建局; Housing: Office"' in unfolded
    assert "\\," not in unfolded.split("BEGIN:VEVENT")[1].split("DESCRIPTION")[0]


@pytest.mark.parametrize(
    ("role", "required", "expected"),
    [
        (ParticipantRole.PRESIDING_OFFICER, True, "CHAIR"),
        (ParticipantRole.MEDIATOR, False, "CHAIR"),
        (ParticipantRole.OBSERVER, True, "NON-PARTICIPANT"),
        (ParticipantRole.PETITIONER, True, "REQ-PARTICIPANT"),
        (ParticipantRole.HEARING_OFFICER, True, "REQ-PARTICIPANT"),
        (ParticipantRole.RECORDER, False, "OPT-PARTICIPANT"),
        (ParticipantRole.AGENT, False, "OPT-PARTICIPANT"),
    ],
)
def test_attendee_role_follows_the_participant_role(
    role: ParticipantRole, required: bool, expected: str
) -> None:
    assert attendee_role(InvitationAttendee("a@example.cn", "A", role, required)) == expected


def test_cancel_has_method_cancel_status_cancelled_and_the_raised_sequence() -> None:
    event = make_event(sequence=3, cancelled=True)

    text = build_cancel(event, DTSTAMP)

    assert_valid_calendar(text, expected_method="CANCEL")
    [seen] = read_back(text)
    assert (seen.method, seen.status, seen.sequence, seen.uid) == (
        "CANCEL",
        "CANCELLED",
        3,
        event.uid,
    )
    assert [attendee[0] for attendee in seen.attendees] == [
        f"mailto:{a.email}" for a in event.attendees
    ]
    # Nobody is asked to reply to a cancellation.
    assert {attendee[4] for attendee in seen.attendees} == {None}
    assert invitation_filename(event) == "cancel.ics"
    assert calendar_content_type(text) == "text/calendar; charset=UTF-8; method=CANCEL"


def test_cancel_is_cancelled_even_when_the_event_flag_is_not_set() -> None:
    text = build_cancel(make_event(sequence=1), DTSTAMP)

    assert_valid_calendar(text, expected_method="CANCEL")
    assert read_back(text)[0].status == "CANCELLED"


def test_cannot_send_a_request_for_a_cancelled_event() -> None:
    with pytest.raises(RuleViolation) as error:
        build_request(make_event(cancelled=True), DTSTAMP)
    assert (error.value.code, error.value.field) == ("request_for_cancelled_event", "cancelled")


def test_exactly_one_sequence_line_per_event() -> None:
    text = build_request(make_event(sequence=7), DTSTAMP)

    assert [line for line in physical_lines(text) if line.startswith("SEQUENCE")] == ["SEQUENCE:7"]


def test_long_multibyte_description_is_folded_at_75_octets_without_splitting_characters() -> None:
    sentence = "听证会将依法公开进行，请各方当事人准时到场。"
    description = sentence * 12 + "\nEnd, finally; done\\"
    event = make_event(description=description, summary="摘要" * 50)

    text = build_request(event, DTSTAMP)

    lines = physical_lines(text)
    assert max(len(line.encode()) for line in lines) <= 75
    assert sum(line.startswith(" ") for line in lines) > 10
    assert all("\r" not in line and "\n" not in line for line in lines)
    assert_valid_calendar(text, expected_method="REQUEST")
    assert read_back(text)[0].description == description


def test_every_line_ends_with_crlf() -> None:
    text = build_feed([make_event()], DTSTAMP, "Calendar")

    assert text.count("\n") == text.count("\r\n") == text.count("\r")


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"start": datetime(2026, 3, 10, 9)}, "timezone_required", "start"),
        (
            {"end": datetime(2026, 3, 10, 9, 30, 0, 500, tzinfo=SHANGHAI)},
            "end_not_after_start",
            "end",
        ),
        ({"sequence": -1}, "negative_sequence", "sequence"),
        ({"timezone": "Mars/Olympus_Mons"}, "unknown_timezone", "timezone"),
        ({"timezone": "../etc/passwd"}, "unknown_timezone", "timezone"),
        ({"uid": "a,b@concord"}, "invalid_uid", "uid"),
        ({"organizer_email": "not an email"}, "invalid_email", "organizer_email"),
        ({"attendees": ()}, "no_attendees", "attendees"),
        (
            {"attendees": (ZHANG, dataclasses.replace(LI, email="li;wei@example.cn"))},
            "invalid_email",
            "attendees[1].email",
        ),
        (
            {"attendees": (dataclasses.replace(ZHANG, role="boss"),)},
            "unknown_role",
            "attendees[0].role",
        ),
        (
            {"attendees": (dataclasses.replace(ZHANG, partstat="MAYBE"),)},
            "unknown_partstat",
            "attendees[0].partstat",
        ),
        (
            {"attendees": (ZHANG, dataclasses.replace(LI, email="ZHANG.SAN@example.cn"))},
            "duplicate_attendee",
            "attendees[1].email",
        ),
    ],
)
def test_cannot_build_an_invitation_from_bad_input(
    changes: dict[str, Any], code: str, field: str
) -> None:
    with pytest.raises(RuleViolation) as error:
        build_request(make_event(**changes), DTSTAMP)
    assert (error.value.code, error.value.field) == (code, field)


def test_cannot_stamp_with_a_naive_time() -> None:
    with pytest.raises(RuleViolation) as error:
        build_feed([make_event()], datetime(2026, 3, 1), "x")
    assert (error.value.code, error.value.field) == ("timezone_required", "dtstamp")


def test_filename_and_content_type_of_a_request() -> None:
    event = make_event()

    assert invitation_filename(event) == "invite.ics"
    assert calendar_content_type(build_request(event, DTSTAMP)) == (
        "text/calendar; charset=UTF-8; method=REQUEST"
    )


def test_display_name_replaces_what_a_parameter_cannot_hold_and_keeps_quotes() -> None:
    assert display_name('Wang "Tiger" Wei\\Li\nZhao') == 'Wang "Tiger" Wei/Li Zhao'
    assert display_name("Li, Wei; 张三: ^n") == "Li, Wei; 张三: ^n"


def test_a_double_quote_in_a_name_is_written_with_its_rfc_6868_escape() -> None:
    tiger = InvitationAttendee("wang@example.cn", 'Wang "Tiger" ^Wei', ParticipantRole.PETITIONER)
    text = build_request(make_event(attendees=(tiger,)), DTSTAMP)

    assert "CN=\"Wang ^'Tiger^' ^^Wei\"" in text.replace("\r\n ", "")
    assert_valid_calendar(text, expected_method="REQUEST")
    for seen in (read_with_icalendar(text), read_with_ical(text)):
        assert [attendee[1] for attendee in seen[0].attendees] == ['Wang "Tiger" ^Wei']


def test_text_values_keep_line_breaks_as_lf_and_drop_controls() -> None:
    assert clean_text("a\r\nb\rc\x00\x1bd\te") == "a\nb\ncd\te"


# Names may hold anything; a control cannot appear in a quoted CN, so the oracle is
# display_name(): a control becomes a space, a backslash "/", a double quote stays.
names = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(",;:\"\\^'\n\t ")),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.characters(codec="utf-8"),  # UTF-8 excludes lone surrogates
    ),
    max_size=40,
)
texts = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(',;:\\\n"^')),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.characters(codec="utf-8"),
    ),
    max_size=300,
)


@settings(max_examples=80, deadline=None)
@given(names=st.lists(names, min_size=1, max_size=4), description=texts, summary=texts)
def test_any_names_and_text_pass_the_checker_and_round_trip(
    names: list[str], description: str, summary: str
) -> None:
    attendees = tuple(
        InvitationAttendee(f"p{index}@example.cn", name, ParticipantRole.HEARING_OFFICER)
        for index, name in enumerate(names)
    )
    event = make_event(
        attendees=attendees,
        organizer_name=names[0],
        description=description,
        summary=summary,
        timezone="Asia/Shanghai",
    )

    text = build_request(event, DTSTAMP)

    assert_valid_calendar(text, expected_method="REQUEST")
    [seen] = read_back(text)
    expected_names = [display_name(name) if display_name(name).strip() else None for name in names]
    assert [attendee[1] for attendee in seen.attendees] == expected_names
    assert seen.organizer[1] == expected_names[0]
    assert seen.description == (clean_text(description) or None)
    feed = build_feed([event], DTSTAMP, summary)
    assert_valid_calendar(feed, expected_method="PUBLISH")
    [published] = read_back(feed)
    assert (published.organizer[1], published.description) == (seen.organizer[1], seen.description)
