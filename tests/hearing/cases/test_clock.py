from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import RuleViolation
from hearing.cases.clock import (
    CaseClock,
    acceptance_deadline,
    days_elapsed,
    extend,
    handling_deadline,
    local_date,
    status_light,
)
from hearing.jurisdictions.rules import JurisdictionRules

REGISTERED = date(2027, 1, 4)
ACCEPTED = date(2027, 1, 10)
CLOCK = CaseClock(registered_on=REGISTERED, accepted_on=ACCEPTED)
PENDING = CaseClock(registered_on=REGISTERED, accepted_on=None)
RULES = JurisdictionRules()


def day(n: int) -> date:
    return ACCEPTED + timedelta(days=n)


def test_acceptance_is_due_fifteen_days_after_registration() -> None:
    assert acceptance_deadline(PENDING, RULES) == date(2027, 1, 19)


def test_handling_is_due_sixty_days_after_acceptance() -> None:
    assert handling_deadline(CLOCK, RULES) == date(2027, 3, 11)


def test_unaccepted_case_has_no_handling_deadline() -> None:
    assert handling_deadline(PENDING, RULES) is None


def test_extension_moves_the_handling_deadline() -> None:
    extended = extend(CLOCK, 30, "awaiting a land survey", RULES)
    assert extended.extension_days == 30
    assert extended.extension_reason == "awaiting a land survey"
    assert handling_deadline(extended, RULES) == day(90)


def test_deadlines_follow_the_jurisdiction_setting() -> None:
    rules = JurisdictionRules(accept_days=10, handle_days=30)
    assert acceptance_deadline(PENDING, rules) == date(2027, 1, 14)
    assert handling_deadline(CLOCK, rules) == day(30)


def test_days_elapsed_counts_from_acceptance_or_registration() -> None:
    assert days_elapsed(CLOCK, day(12)) == 12
    assert days_elapsed(PENDING, date(2027, 1, 7)) == 3


def test_second_extension_is_refused() -> None:
    extended = extend(CLOCK, 10, "expert opinion", RULES)
    with pytest.raises(RuleViolation) as caught:
        extend(extended, 5, "another one", RULES)
    assert (caught.value.code, caught.value.field) == ("extension_already_used", "days")


def test_extension_over_thirty_days_is_refused() -> None:
    with pytest.raises(RuleViolation) as caught:
        extend(CLOCK, 31, "complex", RULES)
    assert (caught.value.code, caught.value.field) == ("extension_too_long", "days")


def test_extension_limit_follows_the_jurisdiction_setting() -> None:
    with pytest.raises(RuleViolation, match="at most 20"):
        extend(CLOCK, 21, "complex", JurisdictionRules(extension_max_days=20))


def test_extension_without_reason_is_refused() -> None:
    with pytest.raises(RuleViolation) as caught:
        extend(CLOCK, 10, "  ", RULES)
    assert (caught.value.code, caught.value.field) == ("extension_reason_required", "reason")


@pytest.mark.parametrize("days", [0, -5])
def test_extension_of_no_days_is_refused(days: int) -> None:
    with pytest.raises(RuleViolation) as caught:
        extend(CLOCK, days, "complex", RULES)
    assert caught.value.code == "extension_days_not_positive"


def test_unaccepted_case_cannot_be_extended() -> None:
    with pytest.raises(RuleViolation) as caught:
        extend(PENDING, 10, "complex", RULES)
    assert caught.value.code == "case_not_accepted"


def test_clock_accepted_before_registration_is_refused() -> None:
    with pytest.raises(RuleViolation) as caught:
        CaseClock(registered_on=ACCEPTED, accepted_on=REGISTERED)
    assert (caught.value.code, caught.value.field) == (
        "accepted_before_registration",
        "accepted_on",
    )


def test_stored_extension_without_reason_is_refused() -> None:
    with pytest.raises(RuleViolation) as caught:
        CaseClock(REGISTERED, ACCEPTED, extension_days=10)
    assert caught.value.code == "extension_reason_required"


@pytest.mark.parametrize(
    ("elapsed", "light"),
    [(0, "green"), (44, "green"), (45, "amber"), (59, "amber"), (60, "red"), (200, "red")],
)
def test_light_turns_amber_on_day_45_and_red_on_day_60(elapsed: int, light: str) -> None:
    assert status_light(CLOCK, day(elapsed), RULES) == light


@pytest.mark.parametrize(
    ("elapsed", "light"), [(60, "amber"), (89, "amber"), (90, "red"), (91, "red")]
)
def test_extension_moves_red_to_the_extended_deadline(elapsed: int, light: str) -> None:
    extended = extend(CLOCK, 30, "awaiting a land survey", RULES)
    assert status_light(extended, day(elapsed), RULES) == light


def test_light_thresholds_follow_the_jurisdiction_setting() -> None:
    rules = JurisdictionRules(amber_from_day=20, handle_days=30)
    assert status_light(CLOCK, day(19), rules) == "green"
    assert status_light(CLOCK, day(20), rules) == "amber"
    assert status_light(CLOCK, day(30), rules) == "red"


def test_red_from_the_jurisdictions_handling_deadline_not_a_fixed_day_60() -> None:
    rules = JurisdictionRules(handle_days=50)
    assert status_light(CLOCK, day(49), rules) == "amber"
    assert status_light(CLOCK, day(50), rules) == "red"


def test_unaccepted_case_is_green_until_acceptance_deadline_then_red() -> None:
    assert status_light(PENDING, date(2027, 1, 19), RULES) == "green"
    assert status_light(PENDING, date(2027, 1, 20), RULES) == "red"


RANK = {"green": 0, "amber": 1, "red": 2}


@st.composite
def clocks(draw: st.DrawFn) -> CaseClock:
    registered = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
    accepted_after = draw(st.none() | st.integers(min_value=0, max_value=40))
    if accepted_after is None:
        return CaseClock(registered, None)
    accepted = registered + timedelta(days=accepted_after)
    extension = draw(st.integers(min_value=0, max_value=30))
    return CaseClock(registered, accepted, extension, "reason" if extension else None)


@settings(max_examples=300, deadline=None)
@given(
    clock=clocks(),
    offset=st.integers(min_value=-30, max_value=200),
    later_by=st.integers(min_value=0, max_value=200),
)
def test_light_never_goes_back_as_days_pass(clock: CaseClock, offset: int, later_by: int) -> None:
    earlier = clock.registered_on + timedelta(days=offset)
    later = earlier + timedelta(days=later_by)
    assert RANK[status_light(clock, earlier, RULES)] <= RANK[status_light(clock, later, RULES)]


@settings(max_examples=300, deadline=None)
@given(clock=clocks(), offset=st.integers(min_value=0, max_value=200))
def test_light_is_red_from_the_last_day_to_handle(clock: CaseClock, offset: int) -> None:
    today = clock.registered_on + timedelta(days=offset)
    due = handling_deadline(clock, RULES)
    # With the defaults red starts on day 60 (+ extension), which is the last day to handle.
    overdue = today > acceptance_deadline(clock, RULES) if due is None else today >= due
    assert (status_light(clock, today, RULES) == "red") == overdue


def test_local_date_before_eight_in_shanghai_is_already_the_next_day() -> None:
    # 23:30 UTC on 4 January is 07:30 on 5 January in Shanghai.
    late_utc = datetime(2027, 1, 4, 23, 30, tzinfo=UTC)
    assert local_date(late_utc, "Asia/Shanghai") == date(2027, 1, 5)
    assert local_date(late_utc, "UTC") == date(2027, 1, 4)


def test_local_date_refuses_a_naive_moment() -> None:
    with pytest.raises(RuleViolation) as caught:
        local_date(datetime(2027, 1, 4, 23, 30), "Asia/Shanghai")
    assert (caught.value.code, caught.value.field) == ("timezone_required", "now")
