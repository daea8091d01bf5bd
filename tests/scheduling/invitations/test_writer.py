"""Invitations are checked by our strict checker and read back by two independent parsers."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

from core.errors import Conflict, RuleViolation
from hearing.vocabulary import ParticipantRole
from scheduling.invitations.vtimezone import vtimezone
from scheduling.invitations.writer import (
    InvitationAttendee,
    InvitationEvent,
    attendee_role,
    build_cancel,
    build_feed,
    build_request,
    calendar_content_type,
    clean_text,
    display_name,
    invitation_filename,
)
from tests.support.ical_checker import assert_valid_calendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
DTSTAMP = datetime(2026, 3, 1, 8, 30, 15, tzinfo=UTC)

ZHANG = InvitationAttendee("zhang.san@example.cn", "张三", ParticipantRole.PETITIONER)
LI = InvitationAttendee("li.wei@example.cn", "Li, Wei", ParticipantRole.MEDIATOR)
DEPARTMENT = InvitationAttendee(
    "office@gov.example.cn",
    "住建局; Housing: Office",
    ParticipantRole.DEPARTMENT,
    partstat="ACCEPTED",
)
EXPERT = InvitationAttendee(
    "expert@example.org",
    "Dr. Wang",
    ParticipantRole.EVALUATOR,
    required=False,
    partstat="TENTATIVE",
)
OBSERVER = InvitationAttendee("guest@example.org", "旁听人 Zhao", ParticipantRole.OBSERVER)


def make_event(**changes: Any) -> InvitationEvent:
    event = InvitationEvent(
        uid="2f1c9a7e-5d4b-4c2a-9e61-0b7d3c8a1f20@concord",
        sequence=0,
        summary="调解 Mediation: case 2026-017",
        start=datetime(2026, 3, 10, 9, 30, tzinfo=SHANGHAI),
        end=datetime(2026, 3, 10, 11, 0, tzinfo=SHANGHAI),
        organizer_email="coordinator@xinfang.example.cn",
        organizer_name="信访局, Coordinator",
        attendees=(ZHANG, LI, DEPARTMENT, EXPERT, OBSERVER),
        location="Room 3, 人民路 1号",
        description="Bring your ID card.\n请携带身份证。",
    )
    return dataclasses.replace(event, **changes)


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


def test_shanghai_event_has_tzid_and_a_vtimezone_without_daylight_saving() -> None:
    event = make_event(timezone="Asia/Shanghai")

    text = build_request(event, DTSTAMP)

    assert_valid_calendar(text, expected_method="REQUEST")
    assert "DTSTART;TZID=Asia/Shanghai:20260310T093000\r\n" in text
    assert "DTEND;TZID=Asia/Shanghai:20260310T110000\r\n" in text
    assert "BEGIN:DAYLIGHT" not in text
    assert "TZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\n" in text
    [seen] = read_back(text)
    assert (seen.start.astimezone(UTC), seen.end.astimezone(UTC)) == (event.start, event.end)


def test_berlin_vtimezone_for_2026_lists_the_real_transitions() -> None:
    assert vtimezone("Europe/Berlin", 2026, 2026).split("\r\n") == [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Berlin",
        *("BEGIN:STANDARD", "DTSTART:20251026T030000", "TZOFFSETFROM:+0200"),
        *("TZOFFSETTO:+0100", "TZNAME:CET", "END:STANDARD"),
        *("BEGIN:DAYLIGHT", "DTSTART:20260329T020000", "TZOFFSETFROM:+0100"),
        *("TZOFFSETTO:+0200", "TZNAME:CEST", "END:DAYLIGHT"),
        *("BEGIN:STANDARD", "DTSTART:20261025T030000", "TZOFFSETFROM:+0200"),
        *("TZOFFSETTO:+0100", "TZNAME:CET", "END:STANDARD"),
        "END:VTIMEZONE",
        "",
    ]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        # the evening before clocks go forward, and across the switch
        (datetime(2026, 3, 28, 22, 0, tzinfo=BERLIN), datetime(2026, 3, 29, 4, 0, tzinfo=BERLIN)),
        (datetime(2026, 3, 30, 9, 0, tzinfo=BERLIN), datetime(2026, 3, 30, 10, 0, tzinfo=BERLIN)),
        # the repeated hour when clocks go back: first and second occurrence
        (
            datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN),
            datetime(2026, 10, 25, 2, 45, tzinfo=BERLIN),
        ),
        (
            datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BERLIN),
            datetime(2026, 10, 25, 3, 30, tzinfo=BERLIN),
        ),
        # a winter session, and one in another year than the DTSTAMP
        (datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN), datetime(2026, 12, 1, 12, 0, tzinfo=BERLIN)),
        (datetime(2027, 1, 4, 9, 0, tzinfo=UTC), datetime(2027, 1, 4, 10, 0, tzinfo=UTC)),
    ],
)
def test_berlin_times_around_daylight_saving_read_back_as_the_same_instants(
    start: datetime, end: datetime
) -> None:
    event = make_event(start=start, end=end, timezone="Europe/Berlin")

    for text, method in (
        (build_request(event, DTSTAMP), "REQUEST"),
        (build_cancel(event, DTSTAMP), "CANCEL"),
        (build_feed([event], DTSTAMP, "Berlin"), "PUBLISH"),
    ):
        assert_valid_calendar(text, expected_method=method)
        [seen] = read_back(text)
        # Compared in UTC: Python's == between zones is always False for a fold=1 time.
        assert (seen.start.astimezone(UTC), seen.end.astimezone(UTC)) == (
            start.astimezone(UTC),
            end.astimezone(UTC),
        )


def test_second_occurrence_of_a_repeated_hour_is_written_in_utc() -> None:
    start = datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BERLIN)
    event = make_event(start=start, end=start + timedelta(hours=1), timezone="Europe/Berlin")

    text = build_request(event, DTSTAMP)

    assert "DTSTART:20261025T013000Z\r\n" in text
    assert "DTEND;TZID=Europe/Berlin:20261025T033000\r\n" in text


def test_feed_lists_events_in_order_with_cancelled_ones_marked() -> None:
    events = [
        make_event(
            uid=f"session-{index}@concord",
            sequence=index % 3,
            start=datetime(2026, 3, 10, 9, tzinfo=SHANGHAI) + timedelta(days=index),
            end=datetime(2026, 3, 10, 10, tzinfo=SHANGHAI) + timedelta(days=index),
            cancelled=index == 1,
            timezone=["Asia/Shanghai", "Europe/Berlin", None][index % 3],
        )
        for index in range(6)
    ]

    text = build_feed(events, DTSTAMP, "Concord — 张三, Li")

    assert_valid_calendar(text, expected_method="PUBLISH")
    assert "X-WR-CALNAME:Concord — 张三\\, Li\r\n" in text
    assert text.index("METHOD:PUBLISH") < text.index("BEGIN:VTIMEZONE")
    assert text.count("BEGIN:VTIMEZONE") == 2
    seen = read_back(text)
    assert [s.uid for s in seen] == [e.uid for e in events]
    assert [s.status for s in seen] == ["CONFIRMED", "CANCELLED", *["CONFIRMED"] * 4]
    assert [(s.start, s.end, s.sequence) for s in seen] == [
        (e.start, e.end, e.sequence) for e in events
    ]
    # RFC 5546 PUBLISH: the organizer, but no attendee list.
    assert {s.organizer[1] for s in seen} == {"信访局, Coordinator"}
    assert {s.attendees for s in seen} == {()}


@pytest.mark.parametrize("timezone", [None, "Asia/Shanghai", "Europe/Berlin"])
def test_feed_writes_the_same_event_lines_as_the_ics_built_request(timezone: str | None) -> None:
    event = make_event(timezone=timezone, sequence=4, description="a, b; c\\d\n" + "长" * 40)

    def vevent_lines(text: str) -> list[str]:
        body = text.replace("\r\n ", "").split("BEGIN:VEVENT\r\n")[1].split("END:VEVENT")[0]
        return sorted(line for line in body.split("\r\n") if not line.startswith("ATTENDEE"))

    assert vevent_lines(build_feed([event], DTSTAMP, "x")) == vevent_lines(
        build_request(event, DTSTAMP)
    )


def test_empty_feed_is_still_a_valid_calendar() -> None:
    text = build_feed([], DTSTAMP, "Nothing yet")

    assert_valid_calendar(text, expected_method="PUBLISH")
    assert read_back(text) == []


def test_cannot_publish_two_events_with_one_uid() -> None:
    with pytest.raises(Conflict) as error:
        build_feed([make_event(), make_event()], DTSTAMP, "x")
    assert error.value.code == "duplicate_uid"


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


ZONES = [
    "Asia/Shanghai",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",  # a 30-minute daylight-saving shift
    "America/Sao_Paulo",  # daylight saving abolished in 2019
    "Pacific/Chatham",  # +12:45 / +13:45
]


@settings(max_examples=60, deadline=None)
@example(zone="Europe/Berlin", start=datetime(2026, 10, 25, 0, 30), minutes=60)
@example(zone="Australia/Lord_Howe", start=datetime(2026, 4, 4, 14, 45), minutes=30)
@given(
    zone=st.sampled_from(ZONES),
    start=st.datetimes(min_value=datetime(2017, 1, 1), max_value=datetime(2030, 12, 31)),
    minutes=st.integers(min_value=15, max_value=60 * 24 * 400),
)
def test_any_instant_in_any_zone_reads_back_and_matches_its_vtimezone(
    zone: str, start: datetime, minutes: int
) -> None:
    begin = start.replace(microsecond=0, tzinfo=UTC)
    event = make_event(start=begin, end=begin + timedelta(minutes=minutes), timezone=zone)

    text = build_request(event, DTSTAMP)

    # The checker compares the VTIMEZONE's offset at both ends with zoneinfo's.
    assert_valid_calendar(text, expected_method="REQUEST")
    [seen] = read_back(text)
    assert (seen.start.astimezone(UTC), seen.end.astimezone(UTC)) == (event.start, event.end)
