"""When a session's record may be written, and when sealed minutes freeze it."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.errors import Conflict, DomainError, RuleViolation
from hearing.sessions.record_window import (
    SessionMoment,
    check_not_sealed,
    check_record_window,
    record_opens_at,
)

START = datetime(2027, 3, 8, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
BOOKED = SessionMoment("scheduled", START, None)


def refusal(session: SessionMoment, now: datetime, minutes: int = 60) -> DomainError:
    with pytest.raises(DomainError) as caught:
        check_record_window(session, now, minutes)
    return caught.value


def test_the_record_opens_the_set_minutes_before_the_start() -> None:
    assert record_opens_at(START, 60) == START - timedelta(hours=1)
    check_record_window(BOOKED, START - timedelta(minutes=60), 60)
    check_record_window(BOOKED, START + timedelta(days=3), 60)


def test_a_minute_earlier_is_too_early() -> None:
    error = refusal(BOOKED, START - timedelta(minutes=61))
    assert (type(error), error.code) == (RuleViolation, "session_not_started")
    assert error.extra["record_opens_at"] == (START - timedelta(hours=1)).isoformat()


def test_zero_minutes_opens_the_record_at_the_start() -> None:
    check_record_window(BOOKED, START, 0)
    assert refusal(BOOKED, START - timedelta(seconds=1), 0).code == "session_not_started"


@pytest.mark.parametrize("status", ["unscheduled", "held"])
def test_a_session_not_booked_has_no_record(status: str) -> None:
    start = START if status == "held" else None
    error = refusal(SessionMoment(status, start, None), START)
    assert (type(error), error.code) == (RuleViolation, "session_not_booked")


def test_a_cancelled_session_has_no_record() -> None:
    assert refusal(SessionMoment("cancelled", START, None), START).code == "session_cancelled"


def test_an_ended_mediation_takes_no_more_entries() -> None:
    error = refusal(SessionMoment("ended", START, None), START)
    assert (type(error), error.code) == (Conflict, "session_ended")


def test_sealed_minutes_freeze_the_record_whatever_else() -> None:
    sealed = SessionMoment("scheduled", START, START + timedelta(days=9))
    error = refusal(sealed, START + timedelta(days=10))
    assert (type(error), error.code) == (Conflict, "minutes_sealed")


def test_unsealed_sessions_may_change() -> None:
    check_not_sealed(BOOKED)
    with pytest.raises(Conflict) as caught:
        check_not_sealed(SessionMoment("unscheduled", None, START))
    assert caught.value.code == "minutes_sealed"


def test_the_moment_must_carry_a_zone() -> None:
    assert refusal(BOOKED, datetime(2027, 3, 8, 9, 0)).code == "timezone_required"
