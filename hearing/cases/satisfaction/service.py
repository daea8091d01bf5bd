"""Use cases for satisfaction: the evaluation of a closed case, and the report per organisation."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from piccolo.query.functions.aggregate import Count

from core.access import Viewer
from core.audit import record_event
from core.db import write_transaction
from hearing.cases.satisfaction.ratings import OrganizationTally, Rating, check_can_rate, tally
from hearing.cases.service import case_for, lock_case, require_staff, require_staff_role
from hearing.cases.views import CaseStanding
from hearing.tables import Case


async def rate_case(
    viewer: Viewer, case_id: UUID, rating: Rating, comment: str | None, now: datetime
) -> CaseStanding:
    """Record the petitioner's evaluation of the case's handling, once it is closed."""
    require_staff(viewer, case_id)
    async with write_transaction():
        case = await lock_case(case_id)
        current = None if case.satisfaction is None else Rating(case.satisfaction)
        check_can_rate(case.clock, current)
        await Case.update(
            {Case.satisfaction: rating.value, Case.satisfaction_comment: comment}
        ).where(Case.id == case_id)
        await record_event("case.rated", "case", case_id, {"rating": rating.value})
    return await case_for(viewer, case_id, now)


async def satisfaction_report(viewer: Viewer) -> list[OrganizationTally]:
    """How each handling organisation's cases were rated (cases without one are left out)."""
    require_staff_role(viewer, "read case reports")
    rows = (
        await Case.select(
            Case.handling_organization.as_alias("organization_id"),
            Case.satisfaction,
            Count(Case.id, alias="cases"),
        )
        .where(Case.handling_organization.is_not_null() & Case.satisfaction.is_not_null())
        .group_by(Case.handling_organization, Case.satisfaction)
    )
    return tally(
        (row["organization_id"], Rating(row["satisfaction"]), row["cases"]) for row in rows
    )
