"""Typed views of a case: its stored facts for other packages, and its standing on a given day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from hearing.cases.clock import CaseClock, Light, status_light
from hearing.cases.reviews.windows import Review, ReviewLevel, review_light


@dataclass(frozen=True)
class CaseView:
    """A case as other packages see it."""

    id: UUID
    reference: str
    title: str
    summary: str | None
    confidentiality: str
    registered_on: date
    accepted_on: date | None
    investigator_id: UUID | None
    jurisdiction_id: UUID
    acceptance_deadline: date
    handling_deadline: date | None
    amber_on: date | None
    extended_until: date | None
    extension_reason: str | None
    closed_on: date | None
    reply_summary: str | None
    handling_organization_id: UUID | None
    prior_case_id: UUID | None
    satisfaction: str | None
    satisfaction_comment: str | None

    @property
    def clock(self) -> CaseClock:
        return CaseClock(
            registered_on=self.registered_on,
            acceptance_deadline=self.acceptance_deadline,
            accepted_on=self.accepted_on,
            handling_deadline=self.handling_deadline,
            amber_on=self.amber_on,
            extended_until=self.extended_until,
            extension_reason=self.extension_reason,
            closed_on=self.closed_on,
        )


@dataclass(frozen=True)
class ReviewView:
    id: UUID
    level: ReviewLevel
    requested_on: date
    deadline: date
    decided_on: date | None
    decision: str | None

    @property
    def review(self) -> Review:
        return Review(self.level, self.requested_on, self.deadline, self.decided_on)


@dataclass(frozen=True)
class ReviewStanding(ReviewView):
    light: Light


@dataclass(frozen=True)
class CaseStanding(CaseView):
    """A case with its light and its reviews' lights on one local day of its jurisdiction."""

    light: Light
    reviews: tuple[ReviewStanding, ...]


def standing_on(case: CaseView, reviews: Sequence[ReviewView], today: date) -> CaseStanding:
    lit = tuple(
        ReviewStanding(**vars(review), light=review_light(review.review, today))
        for review in reviews
    )
    return CaseStanding(**vars(case), light=status_light(case.clock, today), reviews=lit)
