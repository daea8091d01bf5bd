"""How long a throttled login waits: until fewer attempts than the limit lie in the window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from parties.accounts.login_throttle import WINDOW, retry_after

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def minutes_ago(*minutes: float) -> list[datetime]:
    return [NOW - timedelta(minutes=m) for m in minutes]


def test_fewer_attempts_than_the_limit_are_not_throttled() -> None:
    assert retry_after(minutes_ago(1, 2, 3, 4), limit=5, now=NOW) is None


def test_at_the_limit_the_wait_ends_when_the_oldest_attempt_leaves_the_window() -> None:
    assert retry_after(minutes_ago(10, 4, 3, 2, 1), limit=5, now=NOW) == 5 * 60


def test_above_the_limit_enough_attempts_must_leave_for_one_more() -> None:
    # Seven in the window, limit five: the three oldest must go, the third leaves last.
    attempts = minutes_ago(14, 12, 8, 3, 2, 1, 0.5)

    assert retry_after(attempts, limit=5, now=NOW) == 7 * 60


def test_attempts_outside_the_window_do_not_count() -> None:
    old = [NOW - WINDOW - timedelta(seconds=s) for s in (0, 1, 2, 3, 4, 5)]

    assert retry_after(old, limit=5, now=NOW) is None


def test_the_wait_is_whole_seconds_and_never_zero() -> None:
    just_inside = NOW - WINDOW + timedelta(milliseconds=300)

    assert retry_after([just_inside] * 5, limit=5, now=NOW) == 1
