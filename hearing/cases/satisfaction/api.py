"""HTTP endpoints for satisfaction: rate a closed case; the report per handling organisation."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody

from core.web.guards import account_of, staff_only
from core.web.wire import Body, Reason
from hearing.cases.api import CaseRead, case_read
from hearing.cases.satisfaction import service as satisfaction
from hearing.cases.satisfaction.ratings import Rating


class SatisfactionIn(Body):
    rating: Rating
    comment: Reason | None = None


class OrganizationSatisfaction(msgspec.Struct):
    organization_id: UUID
    satisfied: int
    basically_satisfied: int
    not_satisfied: int
    total: int


class SatisfactionReport(msgspec.Struct):
    items: list[OrganizationSatisfaction]


class CaseSatisfactionController(Controller):
    path = "/api/v1/cases/{case_id:uuid}/satisfaction"
    tags = ["cases"]
    guards = [staff_only]

    @post("/", operation_id="rateCase", status_code=200)
    async def rate_case(
        self,
        request: Request[Any, Any, Any],
        case_id: FromPath[UUID],
        data: JSONBody[SatisfactionIn],
    ) -> CaseRead:
        viewer, now = account_of(request), datetime.now(UTC)
        rated = await satisfaction.rate_case(viewer, case_id, data.rating, data.comment, now)
        return case_read(rated)


class SatisfactionReportController(Controller):
    path = "/api/v1/reports/satisfaction"
    tags = ["reports"]
    guards = [staff_only]

    @get("/", operation_id="satisfactionReport")
    async def report(self, request: Request[Any, Any, Any]) -> SatisfactionReport:
        tallies = await satisfaction.satisfaction_report(account_of(request))
        items = [
            msgspec.convert(t, OrganizationSatisfaction, from_attributes=True) for t in tallies
        ]
        return SatisfactionReport(items=items)
