"""Review (复查) and re-review (复核) of a closed case: who may ask when, and by when it is decided.

A review is asked within ``review_request_days`` of the reply (the case's ``closed_on``); a
re-review within the same number of days of the review's decision, and only after one. Each is
decided within ``review_decide_days`` of its request. A matter whose re-review is decided is
final: it is not accepted again as a new case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from core.errors import Conflict, RuleViolation
from hearing.cases.clock import Light
from hearing.jurisdictions.rules import JurisdictionRules


class ReviewLevel(StrEnum):
    REVIEW = "review"
    RE_REVIEW = "re_review"


@dataclass(frozen=True)
class Review:
    level: ReviewLevel
    requested_on: date
    #: The last day on which it is decided on time.
    deadline: date
    decided_on: date | None = None


def request_review(
    closed_on: date,
    earlier: Sequence[Review],
    level: ReviewLevel,
    requested_on: date,
    rules: JurisdictionRules,
) -> Review:
    """The review asked on ``requested_on`` of a case closed on ``closed_on``."""
    if any(review.level is level for review in earlier):
        raise Conflict(
            f"a {level.value} of this case was already requested",
            code="review_already_requested",
            field="level",
        )
    window_opens = closed_on if level is ReviewLevel.REVIEW else _decided_review(earlier)
    if requested_on < window_opens:
        raise RuleViolation(
            f"a {level.value} cannot be requested before {window_opens}",
            code="requested_too_early",
            field="requested_on",
        )
    window_closes = window_opens + timedelta(days=rules.review_request_days)
    if requested_on > window_closes:
        raise RuleViolation(
            f"a {level.value} had to be requested by {window_closes}",
            code="review_window_passed",
            field="requested_on",
        )
    deadline = requested_on + timedelta(days=rules.review_decide_days)
    return Review(level=level, requested_on=requested_on, deadline=deadline)


def _decided_review(earlier: Sequence[Review]) -> date:
    """The day the review was decided, from which a re-review may be asked."""
    review = next((r for r in earlier if r.level is ReviewLevel.REVIEW), None)
    if review is None:
        raise RuleViolation(
            "a re-review is requested only after a review",
            code="review_required",
            field="level",
        )
    if review.decided_on is None:
        raise Conflict("the review is not decided yet", code="review_not_decided", field="level")
    return review.decided_on


def decide(review: Review, decided_on: date) -> Review:
    if review.decided_on is not None:
        raise Conflict(
            f"this {review.level.value} was decided on {review.decided_on}",
            code="review_already_decided",
            field="decided_on",
        )
    if decided_on < review.requested_on:
        raise RuleViolation(
            f"a {review.level.value} requested on {review.requested_on} "
            f"cannot be decided on {decided_on}",
            code="decided_before_request",
            field="decided_on",
        )
    return replace(review, decided_on=decided_on)


def review_light(review: Review, today: date) -> Light:
    """Closed once decided; red after its deadline; green until then."""
    if review.decided_on is not None:
        return Light.CLOSED
    return Light.RED if today > review.deadline else Light.GREEN


def matter_is_final(reviews: Sequence[Review]) -> bool:
    """True once a re-review of the matter has been decided."""
    return any(r.level is ReviewLevel.RE_REVIEW and r.decided_on is not None for r in reviews)
