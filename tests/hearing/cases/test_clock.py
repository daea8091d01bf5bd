from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import Conflict, RuleViolation
from hearing.cases.clock import (
    CaseClock,
    Light,
    accept,
    close,
    deadline_in_force,
    extend,
    local_date,
    register,
    require_closed,
    status_light,
)
from hearing.jurisdictions.rules import JurisdictionRules

RULES = JurisdictionRules()
REGISTERED = date(2027, 1, 4)
ACCEPTED = date(2027, 1, 10)
PENDING = register(REGISTERED, RULES)
CLOCK = accept(PENDING, ACCEPTED, RULES)
EXTENDED = extend(CLOCK, 30, "awaiting a land survey", RULES)


def day(n: int) -> date:
    """Day ``n`` of the handling period (day 0: the day of acceptance)."""
    return ACCEPTED + timedelta(days=n)


def test_acceptance_is_due_fifteen_days_after_registration() -> None:
    assert PENDING.acceptance_deadline == date(2027, 1, 19)
    assert PENDING.handling_deadline is None


def test_handling_is_due_sixty_days_after_acceptance_and_amber_from_day_45() -> None:
    assert (CLOCK.handling_deadline, CLOCK.amber_on) == (day(60), day(45))


def test_deadlines_follow_the_jurisdiction_setting() -> None:
    rules = JurisdictionRules(accept_days=10, handle_days=30, amber_from_day=20)
    clock = accept(register(REGISTERED, rules), ACCEPTED, rules)
    assert clock.acceptance_deadline == date(2027, 1, 14)
    assert (clock.handling_deadline, clock.amber_on) == (day(30), day(20))


def test_acceptance_on_the_registration_day_is_allowed_but_not_before() -> None:
    assert accept(PENDING, REGISTERED, RULES).accepted_on == REGISTERED
    with pytest.raises(RuleViolation) as caught:
        accept(PENDING, REGISTERED - timedelta(days=1), RULES)
    assert (caught.value.code, caught.value.field) == (
        "accepted_before_registration",
        "accepted_on",
    )


def test_a_case_is_accepted_once() -> None:
    with pytest.raises(Conflict) as caught:
        accept(CLOCK, day(1), RULES)
    assert caught.value.code == "case_already_accepted"


def test_extension_runs_from_the_handling_deadline() -> None:
    assert EXTENDED.extended_until == day(90)
    assert EXTENDED.extension_reason == "awaiting a land survey"


def test_extension_of_the_maximum_is_granted_one_day_more_is_refused() -> None:
    assert extend(CLOCK, 30, "complex", RULES).extended_until == day(90)
    with pytest.raises(RuleViolation) as caught:
        extend(CLOCK, 31, "complex", RULES)
    assert (caught.value.code, caught.value.field) == ("extension_too_long", "days")


def test_extension_limit_follows_the_jurisdiction_setting() -> None:
    with pytest.raises(RuleViolation, match="at most 20"):
        extend(CLOCK, 21, "complex", JurisdictionRules(extension_max_days=20))


def test_a_second_extension_is_refused() -> None:
    with pytest.raises(Conflict) as caught:
        extend(EXTENDED, 5, "another one", RULES)
    assert (caught.value.code, caught.value.field) == ("extension_already_granted", "days")


def test_extension_without_reason_is_refused() -> None:
    with pytest.raises(RuleViolation) as caught:
        extend(CLOCK, 10, "  ", RULES)
    assert (caught.value.code, caught.value.field) == ("reason_required", "reason")


@pytest.mark.parametrize("days", [0, -5])
def test_extension_of_no_days_is_refused(days: int) -> None:
    with pytest.raises(RuleViolation) as caught:
        extend(CLOCK, days, "complex", RULES)
    assert caught.value.code == "extension_days_not_positive"


def test_unaccepted_or_closed_case_cannot_be_extended() -> None:
    with pytest.raises(Conflict) as pending:
        extend(PENDING, 10, "complex", RULES)
    assert pending.value.code == "case_not_accepted"
    with pytest.raises(Conflict) as closed:
        extend(close(CLOCK, day(10)), 10, "complex", RULES)
    assert closed.value.code == "case_closed"


def test_closing_on_the_acceptance_day_is_allowed_but_not_before() -> None:
    assert close(CLOCK, ACCEPTED).closed_on == ACCEPTED
    with pytest.raises(RuleViolation) as caught:
        close(CLOCK, ACCEPTED - timedelta(days=1))
    assert (caught.value.code, caught.value.field) == ("closed_before_acceptance", "closed_on")


def test_only_an_accepted_open_case_is_closed() -> None:
    with pytest.raises(Conflict) as pending:
        close(PENDING, REGISTERED)
    assert pending.value.code == "case_not_accepted"
    with pytest.raises(Conflict) as again:
        close(close(CLOCK, day(3)), day(4))
    assert again.value.code == "case_closed"


def test_require_closed_refuses_an_open_case() -> None:
    assert require_closed(close(CLOCK, day(3)), "rating") == day(3)
    with pytest.raises(Conflict) as caught:
        require_closed(CLOCK, "rating")
    assert (caught.value.code, caught.value.field) == ("case_not_closed", "rating")


@pytest.mark.parametrize(
    ("elapsed", "light"),
    [(0, "green"), (44, "green"), (45, "amber"), (59, "amber"), (60, "red"), (200, "red")],
)
def test_light_turns_amber_on_day_45_and_red_on_day_60(elapsed: int, light: str) -> None:
    assert status_light(CLOCK, day(elapsed)) == light


@pytest.mark.parametrize(
    ("elapsed", "light"),
    [(44, "green"), (45, "amber"), (60, "amber"), (90, "amber"), (91, "red")],
)
def test_with_an_extension_amber_until_extended_until_then_red(elapsed: int, light: str) -> None:
    assert status_light(EXTENDED, day(elapsed)) == light


def test_an_extended_case_is_amber_from_its_handling_deadline_even_before_amber_day() -> None:
    rules = JurisdictionRules(handle_days=30, amber_from_day=40)
    extended = extend(accept(register(REGISTERED, rules), ACCEPTED, rules), 10, "survey", rules)
    assert status_light(extended, day(29)) == "green"
    assert status_light(extended, day(30)) == "amber"
    assert status_light(extended, day(41)) == "red"


def test_light_thresholds_follow_the_jurisdiction_setting() -> None:
    rules = JurisdictionRules(amber_from_day=20, handle_days=30)
    clock = accept(register(REGISTERED, rules), ACCEPTED, rules)
    assert status_light(clock, day(19)) == "green"
    assert status_light(clock, day(20)) == "amber"
    assert status_light(clock, day(30)) == "red"


def test_unaccepted_case_is_green_through_its_acceptance_deadline_then_red() -> None:
    assert status_light(PENDING, date(2027, 1, 19)) == "green"
    assert status_light(PENDING, date(2027, 1, 20)) == "red"


def test_a_closed_case_is_closed_whatever_the_day() -> None:
    closed = close(CLOCK, day(70))
    assert status_light(closed, day(200)) == "closed"


RANK = {Light.GREEN: 0, Light.AMBER: 1, Light.RED: 2}


@st.composite
def clocks(draw: st.DrawFn) -> CaseClock:
    registered = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
    clock = register(registered, RULES)
    accepted_after = draw(st.none() | st.integers(min_value=0, max_value=40))
    if accepted_after is None:
        return clock
    clock = accept(clock, registered + timedelta(days=accepted_after), RULES)
    extension = draw(st.integers(min_value=0, max_value=30))
    return extend(clock, extension, "reason", RULES) if extension else clock


@settings(max_examples=300, deadline=None)
@given(
    clock=clocks(),
    offset=st.integers(min_value=-30, max_value=200),
    later_by=st.integers(min_value=0, max_value=200),
)
def test_light_never_goes_back_as_days_pass(clock: CaseClock, offset: int, later_by: int) -> None:
    earlier = clock.registered_on + timedelta(days=offset)
    later = earlier + timedelta(days=later_by)
    assert RANK[status_light(clock, earlier)] <= RANK[status_light(clock, later)]


def test_local_date_before_eight_in_shanghai_is_already_the_next_day() -> None:
    # 23:30 UTC on 4 January is 07:30 on 5 January in Shanghai.
    late_utc = datetime(2027, 1, 4, 23, 30, tzinfo=UTC)
    assert local_date(late_utc, "Asia/Shanghai") == date(2027, 1, 5)
    assert local_date(late_utc, "UTC") == date(2027, 1, 4)


def test_local_date_refuses_a_naive_moment() -> None:
    with pytest.raises(RuleViolation) as caught:
        local_date(datetime(2027, 1, 4, 23, 30), "Asia/Shanghai")
    assert (caught.value.code, caught.value.field) == ("timezone_required", "now")


def test_the_deadline_in_force_moves_from_acceptance_to_handling_to_the_extension() -> None:
    assert deadline_in_force(PENDING) == PENDING.acceptance_deadline
    assert deadline_in_force(CLOCK) == day(60)
    assert deadline_in_force(EXTENDED) == day(90)
    assert deadline_in_force(close(CLOCK, day(5))) is None
