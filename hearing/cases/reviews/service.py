"""Use cases for reviews (复查) and re-reviews (复核) of closed cases."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from core.access import Viewer
from core.audit import record_event
from core.db import write_transaction
from core.errors import NotFound
from hearing.cases.clock import require_closed
from hearing.cases.queries import reviews_of
from hearing.cases.reviews import windows
from hearing.cases.reviews.windows import ReviewLevel
from hearing.cases.service import case_for, lock_case, require_staff
from hearing.cases.views import CaseStanding
from hearing.jurisdictions.service import rules_for_case
from hearing.tables import CaseReview


async def request_review(
    viewer: Viewer, case_id: UUID, level: ReviewLevel, requested_on: date, now: datetime
) -> CaseStanding:
    """Record a request for review or re-review, due within the jurisdiction's days."""
    require_staff(viewer, case_id)
    async with write_transaction():
        closed_on = require_closed((await lock_case(case_id)).clock, "level")
        earlier = [view.review for view in (await reviews_of([case_id]))[case_id]]
        review = windows.request_review(
            closed_on, earlier, level, requested_on, await rules_for_case(case_id)
        )
        row = CaseReview(
            case=case_id,
            level=review.level.value,
            requested_on=review.requested_on,
            deadline=review.deadline,
            created_at=now,
        )
        await row.save()
        await record_event(
            "case.review_requested",
            "case",
            case_id,
            {"review_id": str(row.id), "level": level.value, "deadline": str(review.deadline)},
        )
    return await case_for(viewer, case_id, now)


async def decide_review(
    viewer: Viewer,
    case_id: UUID,
    review_id: UUID,
    decided_on: date,
    decision: str,
    now: datetime,
) -> CaseStanding:
    """Record the decision of a review or re-review of the case."""
    require_staff(viewer, case_id)
    async with write_transaction():
        await lock_case(case_id)
        found = {view.id: view for view in (await reviews_of([case_id]))[case_id]}
        if review_id not in found:
            raise NotFound(
                f"the case has no review {review_id}", code="review_not_found", field="review_id"
            )
        decided = windows.decide(found[review_id].review, decided_on)
        await CaseReview.update(
            {CaseReview.decided_on: decided.decided_on, CaseReview.decision: decision}
        ).where(CaseReview.id == review_id)
        await record_event(
            "case.review_decided",
            "case",
            case_id,
            {"review_id": str(review_id), "decided_on": str(decided_on)},
        )
    return await case_for(viewer, case_id, now)
