"""Times in any zone are written with a matching VTIMEZONE and read back as the same instants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scheduling.invitations.vtimezone import vtimezone
from scheduling.invitations.writer import build_cancel, build_feed, build_request
from tests.scheduling.invitations.invitation_samples import BERLIN, DTSTAMP, make_event
from tests.scheduling.invitations.read_back import read_back
from tests.support.ical_checker import assert_valid_calendar


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
