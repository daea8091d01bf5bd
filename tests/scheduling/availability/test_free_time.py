from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.errors import RuleViolation
from scheduling.availability.free_time import (
    OFFICE_HOURS_WEEKLY,
    Availability,
    WorkingHours,
    office_hours,
    open_intervals,
    parse_weekly,
)
from scheduling.intervals import Interval, merge, subtract

BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def day_window(day: date, zone: str = "UTC") -> Interval:
    """The whole local day, built from dates in the zone."""
    tz = ZoneInfo(zone)
    start = datetime.combine(day, time(), tzinfo=tz)
    return Interval(start, datetime.combine(day + timedelta(days=1), time(), tzinfo=tz))


def sunday_hours(zone: str, *ranges: tuple[time, time]) -> WorkingHours:
    return WorkingHours(zone, {6: ranges})


def spans(intervals: list[Interval]) -> list[tuple[datetime, datetime]]:
    return [(i.start, i.end) for i in intervals]


# Interval -------------------------------------------------------------------------------


def test_interval_rejects_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Interval(datetime(2027, 1, 1, 9), utc(2027, 1, 1, 10))


def test_interval_rejects_empty_and_reversed() -> None:
    with pytest.raises(ValueError):
        Interval(utc(2027, 1, 1, 9), utc(2027, 1, 1, 9))
    with pytest.raises(ValueError):
        Interval(utc(2027, 1, 1, 10), utc(2027, 1, 1, 9))


def test_interval_is_stored_in_utc_and_equal_by_instant() -> None:
    shanghai = ZoneInfo("Asia/Shanghai")
    interval = Interval(datetime(2027, 1, 1, 9, tzinfo=shanghai), utc(2027, 1, 1, 2))
    assert interval.start == utc(2027, 1, 1, 1)
    assert interval.start.tzinfo is UTC


def test_touching_intervals_do_not_overlap() -> None:
    morning = Interval(utc(2027, 1, 1, 9), utc(2027, 1, 1, 10))
    assert not morning.overlaps(Interval(utc(2027, 1, 1, 10), utc(2027, 1, 1, 11)))
    assert morning.overlaps(Interval(utc(2027, 1, 1, 9, 59), utc(2027, 1, 1, 11)))


def test_merge_sorts_and_coalesces_touching_and_overlapping() -> None:
    merged = merge(
        [
            Interval(utc(2027, 1, 1, 13), utc(2027, 1, 1, 14)),
            Interval(utc(2027, 1, 1, 9), utc(2027, 1, 1, 10)),
            Interval(utc(2027, 1, 1, 10), utc(2027, 1, 1, 11)),
            Interval(utc(2027, 1, 1, 10, 30), utc(2027, 1, 1, 10, 45)),
        ]
    )
    assert spans(merged) == [
        (utc(2027, 1, 1, 9), utc(2027, 1, 1, 11)),
        (utc(2027, 1, 1, 13), utc(2027, 1, 1, 14)),
    ]


def test_subtract_cuts_holes_and_edges() -> None:
    base = [Interval(utc(2027, 1, 1, 9), utc(2027, 1, 1, 17))]
    remove = [
        Interval(utc(2027, 1, 1, 8), utc(2027, 1, 1, 9, 30)),
        Interval(utc(2027, 1, 1, 12), utc(2027, 1, 1, 13)),
        Interval(utc(2027, 1, 1, 16), utc(2027, 1, 1, 18)),
    ]
    assert spans(subtract(base, remove)) == [
        (utc(2027, 1, 1, 9, 30), utc(2027, 1, 1, 12)),
        (utc(2027, 1, 1, 13), utc(2027, 1, 1, 16)),
    ]


# Parsing and validation -------------------------------------------------------------------


def test_parse_weekly_reads_day_names_and_sorts_ranges() -> None:
    weekly = parse_weekly({"mon": [["13:30", "17:30"], ["09:00", "12:00"]], "Sat": []})
    assert weekly == {0: ((time(9), time(12)), (time(13, 30), time(17, 30))), 5: ()}


@pytest.mark.parametrize(
    ("weekly", "code", "field"),
    [
        ({"funday": [["09:00", "12:00"]]}, "invalid_weekday", "weekly.funday"),
        ({"mon": [["09:00", "12:00"], ["9:00", "12:00"]]}, "invalid_time", "weekly.mon[1]"),
        ({"tue": [["24:00", "25:00"]]}, "invalid_time", "weekly.tue[0]"),
        ({"wed": [["12:00", "09:00"]]}, "invalid_time_range", "weekly.wed[0]"),
        ({"wed": [["09:00", "09:00"]]}, "invalid_time_range", "weekly.wed[0]"),
        ({"thu": [["09:00"]]}, "invalid_time_range", "weekly.thu[0]"),
        (
            {"fri": [["13:00", "17:00"], ["09:00", "13:30"]]},
            "overlapping_time_ranges",
            "weekly.fri[0]",
        ),
        ({"mon": [], "MON": []}, "duplicate_weekday", "weekly.MON"),
    ],
)
def test_parse_weekly_names_the_faulty_field(
    weekly: dict[str, list[list[str]]], code: str, field: str
) -> None:
    with pytest.raises(RuleViolation) as caught:
        parse_weekly(weekly)
    assert (caught.value.code, caught.value.field) == (code, field)


def test_touching_ranges_are_not_overlapping() -> None:
    assert parse_weekly({"mon": [["09:00", "12:00"], ["12:00", "13:00"]]})[0][1][0] == time(12)


def test_cannot_use_an_unknown_timezone() -> None:
    with pytest.raises(RuleViolation) as caught:
        WorkingHours("Mars/Olympus_Mons", OFFICE_HOURS_WEEKLY)
    assert (caught.value.code, caught.value.field) == ("unknown_timezone", "timezone")


def test_cannot_give_a_weekday_outside_monday_to_sunday() -> None:
    with pytest.raises(RuleViolation) as caught:
        WorkingHours("UTC", {7: ((time(9), time(10)),)})
    assert caught.value.code == "invalid_weekday"


# Office hours and exceptions ------------------------------------------------------------------


def test_office_hours_have_a_lunch_break_in_local_time() -> None:
    monday = date(2027, 3, 1)
    opening = open_intervals(office_hours("Asia/Shanghai"), day_window(monday, "Asia/Shanghai"))
    assert spans(opening) == [
        (utc(2027, 3, 1, 1), utc(2027, 3, 1, 4)),
        (utc(2027, 3, 1, 5, 30), utc(2027, 3, 1, 9, 30)),
    ]
    assert all(i.start.tzinfo is UTC for i in opening)


def test_office_hours_are_closed_at_weekends_and_on_holidays() -> None:
    hours = office_hours("Asia/Shanghai", holidays=[date(2027, 3, 2)])
    week = Interval(utc(2027, 2, 28), utc(2027, 3, 8))
    days = {
        i.start.astimezone(ZoneInfo("Asia/Shanghai")).date() for i in open_intervals(hours, week)
    }
    assert days == {date(2027, 3, d) for d in (1, 3, 4, 5)}


def test_an_exception_replaces_that_days_hours() -> None:
    hours = WorkingHours("UTC", OFFICE_HOURS_WEEKLY, {date(2027, 3, 6): ((time(10), time(11)),)})
    saturday = open_intervals(hours, day_window(date(2027, 3, 6)))
    assert spans(saturday) == [(utc(2027, 3, 6, 10), utc(2027, 3, 6, 11))]


def test_open_intervals_are_clipped_to_the_window() -> None:
    window = Interval(utc(2027, 3, 1, 10), utc(2027, 3, 1, 14))
    assert spans(open_intervals(office_hours("UTC"), window)) == [
        (utc(2027, 3, 1, 10), utc(2027, 3, 1, 12)),
        (utc(2027, 3, 1, 13, 30), utc(2027, 3, 1, 14)),
    ]


# Daylight saving ------------------------------------------------------------------------


def test_spring_forward_day_in_berlin_has_23_hours_of_wall_clock() -> None:
    hours = sunday_hours(BERLIN, (time(1), time(5)))
    opening = open_intervals(hours, day_window(date(2027, 3, 28), BERLIN))
    # 01:00 CET is 00:00 UTC; 05:00 CEST is 03:00 UTC: three real hours for four on the clock.
    assert spans(opening) == [(utc(2027, 3, 28, 0), utc(2027, 3, 28, 3))]


def test_a_start_inside_the_spring_gap_moves_to_the_end_of_the_gap() -> None:
    hours = sunday_hours(BERLIN, (time(2), time(4)))
    opening = open_intervals(hours, day_window(date(2027, 3, 28), BERLIN))
    assert spans(opening) == [(utc(2027, 3, 28, 1), utc(2027, 3, 28, 2))]


def test_a_range_wholly_inside_the_spring_gap_is_empty() -> None:
    hours = sunday_hours(BERLIN, (time(2, 15), time(2, 45)))
    assert open_intervals(hours, day_window(date(2027, 3, 28), BERLIN)) == []


def test_an_ambiguous_fall_back_time_means_its_first_occurrence() -> None:
    hours = sunday_hours(BERLIN, (time(1), time(2, 30)), (time(2, 30), time(4)))
    opening = open_intervals(hours, day_window(date(2027, 10, 31), BERLIN))
    # 01:00 CEST = 23:00 UTC the day before; 02:30 CEST = 00:30 UTC; 04:00 CET = 03:00 UTC.
    assert spans(opening) == [(utc(2027, 10, 30, 23), utc(2027, 10, 31, 3))]
    split = sunday_hours(BERLIN, (time(2, 30), time(4)))
    assert spans(open_intervals(split, day_window(date(2027, 10, 31), BERLIN))) == [
        (utc(2027, 10, 31, 0, 30), utc(2027, 10, 31, 3))
    ]


def test_new_york_office_hours_follow_the_march_and_november_changes() -> None:
    hours = WorkingHours(NEW_YORK, {d: ((time(9), time(17)),) for d in range(7)})
    window = Interval(utc(2027, 3, 13), utc(2027, 3, 16))
    assert [i.start for i in open_intervals(hours, window)] == [
        utc(2027, 3, 13, 14),  # EST
        utc(2027, 3, 14, 13),  # EDT from 14 March
        utc(2027, 3, 15, 13),
    ]
    autumn = Interval(utc(2027, 11, 6), utc(2027, 11, 9))
    assert [i.start for i in open_intervals(hours, autumn)] == [
        utc(2027, 11, 6, 13),
        utc(2027, 11, 7, 14),  # EST from 7 November
        utc(2027, 11, 8, 14),
    ]


# Availability -----------------------------------------------------------------------------


def test_free_intervals_are_working_hours_minus_busy_time() -> None:
    person = Availability(
        "zhang",
        office_hours("UTC"),
        busy=(
            Interval(utc(2027, 3, 1, 10), utc(2027, 3, 1, 11)),
            Interval(utc(2027, 3, 1, 11, 30), utc(2027, 3, 1, 14)),
        ),
    )
    free = person.free_intervals(day_window(date(2027, 3, 1)))
    assert spans(free) == [
        (utc(2027, 3, 1, 9), utc(2027, 3, 1, 10)),
        (utc(2027, 3, 1, 11), utc(2027, 3, 1, 11, 30)),
        (utc(2027, 3, 1, 14), utc(2027, 3, 1, 17, 30)),
    ]


def test_days_at_the_session_limit_are_closed_days() -> None:
    person = Availability(
        "li", office_hours("UTC"), session_days={date(2027, 3, 1): 2, date(2027, 3, 2): 1}
    )
    assert person.closed_days(2) == frozenset({date(2027, 3, 1)})
    assert person.closed_days(None) == frozenset()
