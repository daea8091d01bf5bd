"""Reminders 7, 3 and 1 days before: each at most once, and only the most imminent one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from scheduling.invitations.reminders import REMINDER_DAYS, days_left, due_reminder

START = datetime(2026, 12, 20, 2, 0, tzinfo=UTC)
BOOKED_EARLY = START - timedelta(days=30)


def test_nothing_is_due_more_than_seven_days_before() -> None:
    assert due_reminder(START, BOOKED_EARLY, START - timedelta(days=7, seconds=1)) is None


def test_each_reminder_becomes_due_at_its_moment() -> None:
    assert due_reminder(START, BOOKED_EARLY, START - timedelta(days=7)) == 7
    assert due_reminder(START, BOOKED_EARLY, START - timedelta(days=3, hours=1)) == 7
    assert due_reminder(START, BOOKED_EARLY, START - timedelta(days=3)) == 3
    assert due_reminder(START, BOOKED_EARLY, START - timedelta(hours=23)) == 1


def test_no_reminder_once_the_session_started() -> None:
    assert due_reminder(START, BOOKED_EARLY, START) is None


def test_a_worker_back_after_days_sends_only_the_most_imminent() -> None:
    assert due_reminder(START, BOOKED_EARLY, START - timedelta(hours=2)) == 1


def test_moments_before_the_booking_are_skipped() -> None:
    booked = START - timedelta(days=5)
    assert due_reminder(START, booked, booked + timedelta(minutes=1)) is None
    assert due_reminder(START, booked, START - timedelta(days=3)) == 3


@given(
    booked_hours_before=st.integers(min_value=1, max_value=24 * 40),
    steps=st.lists(st.integers(min_value=1, max_value=24 * 3), min_size=1, max_size=60),
)
def test_polling_at_any_times_sends_each_reminder_at_most_once_and_in_order(
    booked_hours_before: int, steps: list[int]
) -> None:
    booked = START - timedelta(hours=booked_hours_before)
    now, sent = booked, []
    for step in steps:
        now += timedelta(hours=step)
        days = due_reminder(START, booked, now)
        if days is not None and days not in sent:
            sent.append(days)
    assert sent == sorted(sent, reverse=True)
    assert set(sent) <= set(REMINDER_DAYS)
    for days in sent:
        assert START - timedelta(days=days) >= booked


def test_days_left_counts_calendar_days_in_the_readers_zone() -> None:
    start = datetime(2026, 12, 20, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
    late_evening = datetime(2026, 12, 18, 23, 30, tzinfo=UTC)  # already the 19th in Shanghai
    assert days_left(start, start - timedelta(days=3, hours=2), "Asia/Shanghai") == 3
    assert days_left(start, late_evening, "Asia/Shanghai") == 1
    assert days_left(start, late_evening, "UTC") == 2
    assert days_left(start, start - timedelta(hours=5), "Asia/Shanghai") == 0
