"""HTTP endpoints for reviews (复查) and re-reviews (复核) of a closed case."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from litestar import Controller, Request, post
from litestar.params import FromPath, JSONBody

from core.web.guards import account_of, staff_only
from core.web.wire import Body, Text
from hearing.cases.api import CaseRead, case_read
from hearing.cases.reviews import service as reviews
from hearing.cases.reviews.windows import ReviewLevel


class ReviewRequest(Body):
    level: ReviewLevel
    requested_on: date


class ReviewDecision(Body):
    decided_on: date
    decision: Text


class CaseReviewController(Controller):
    path = "/api/v1/cases/{case_id:uuid}/review-requests"
    tags = ["cases"]
    guards = [staff_only]

    @post("/", operation_id="requestCaseReview")
    async def request_review(
        self,
        request: Request[Any, Any, Any],
        case_id: FromPath[UUID],
        data: JSONBody[ReviewRequest],
    ) -> CaseRead:
        viewer, now = account_of(request), datetime.now(UTC)
        requested = await reviews.request_review(
            viewer, case_id, data.level, data.requested_on, now
        )
        return case_read(requested)

    @post("/{review_id:uuid}/decision", operation_id="decideCaseReview", status_code=200)
    async def decide_review(
        self,
        request: Request[Any, Any, Any],
        case_id: FromPath[UUID],
        review_id: FromPath[UUID],
        data: JSONBody[ReviewDecision],
    ) -> CaseRead:
        viewer, now = account_of(request), datetime.now(UTC)
        decided = await reviews.decide_review(
            viewer, case_id, review_id, data.decided_on, data.decision, now
        )
        return case_read(decided)
