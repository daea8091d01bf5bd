from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.errors import Conflict, RuleViolation
from hearing.cases.clock import Light
from hearing.cases.reviews.windows import (
    Review,
    ReviewLevel,
    decide,
    matter_is_final,
    request_review,
    review_light,
)
from hearing.jurisdictions.rules import JurisdictionRules

RULES = JurisdictionRules()
CLOSED = date(2027, 3, 1)
REVIEW, RE_REVIEW = ReviewLevel.REVIEW, ReviewLevel.RE_REVIEW


def after(days: int, start: date = CLOSED) -> date:
    return start + timedelta(days=days)


def asked(on: date) -> Review:
    return request_review(CLOSED, [], REVIEW, on, RULES)


def test_a_review_asked_on_day_30_after_the_reply_is_due_30_days_later() -> None:
    review = asked(after(30))
    assert (review.level, review.requested_on, review.deadline) == (REVIEW, after(30), after(60))


def test_a_review_asked_on_day_31_is_refused() -> None:
    with pytest.raises(RuleViolation) as caught:
        asked(after(31))
    assert (caught.value.code, caught.value.field) == ("review_window_passed", "requested_on")


def test_a_review_is_not_asked_before_the_reply() -> None:
    assert asked(CLOSED).requested_on == CLOSED
    with pytest.raises(RuleViolation) as caught:
        asked(after(-1))
    assert caught.value.code == "requested_too_early"


def test_the_windows_follow_the_jurisdiction_setting() -> None:
    rules = JurisdictionRules(review_request_days=10, review_decide_days=20)
    review = request_review(CLOSED, [], REVIEW, after(10), rules)
    assert review.deadline == after(30)
    with pytest.raises(RuleViolation):
        request_review(CLOSED, [], REVIEW, after(11), rules)


def test_a_case_has_one_review() -> None:
    with pytest.raises(Conflict) as caught:
        request_review(CLOSED, [asked(after(2))], REVIEW, after(3), RULES)
    assert (caught.value.code, caught.value.field) == ("review_already_requested", "level")


def test_a_re_review_needs_a_review_first() -> None:
    with pytest.raises(RuleViolation) as caught:
        request_review(CLOSED, [], RE_REVIEW, after(3), RULES)
    assert (caught.value.code, caught.value.field) == ("review_required", "level")


def test_a_re_review_waits_for_the_reviews_decision() -> None:
    with pytest.raises(Conflict) as caught:
        request_review(CLOSED, [asked(after(2))], RE_REVIEW, after(3), RULES)
    assert caught.value.code == "review_not_decided"


def test_a_re_review_is_asked_within_30_days_of_the_reviews_decision() -> None:
    decided = decide(asked(after(2)), after(20))
    re_review = request_review(CLOSED, [decided], RE_REVIEW, after(50), RULES)
    assert re_review.deadline == after(80)
    with pytest.raises(RuleViolation) as caught:
        request_review(CLOSED, [decided], RE_REVIEW, after(51), RULES)
    assert caught.value.code == "review_window_passed"


def test_a_decision_is_recorded_once_and_not_before_the_request() -> None:
    review = asked(after(5))
    assert decide(review, after(5)).decided_on == after(5)
    with pytest.raises(RuleViolation) as early:
        decide(review, after(4))
    assert early.value.code == "decided_before_request"
    with pytest.raises(Conflict) as twice:
        decide(decide(review, after(6)), after(7))
    assert twice.value.code == "review_already_decided"


def test_a_review_is_green_through_its_deadline_red_after_closed_once_decided() -> None:
    review = asked(after(0))
    assert review_light(review, review.deadline) is Light.GREEN
    assert review_light(review, after(1, review.deadline)) is Light.RED
    assert review_light(decide(review, after(40)), after(100)) is Light.CLOSED


def test_a_matter_is_final_once_its_re_review_is_decided() -> None:
    review = decide(asked(after(1)), after(10))
    re_review = request_review(CLOSED, [review], RE_REVIEW, after(12), RULES)
    assert not matter_is_final([review])
    assert not matter_is_final([review, re_review])
    assert matter_is_final([review, decide(re_review, after(30))])
