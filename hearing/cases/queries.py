"""Reading cases and their reviews, and the status light as a SQL condition for list filters."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from uuid import UUID

from piccolo.columns.combination import Combinable  # type: ignore[attr-defined]

from core.crud import Row
from hearing.cases.clock import CaseClock, Light
from hearing.cases.reviews.windows import ReviewLevel
from hearing.cases.views import CaseView, ReviewView
from hearing.jurisdictions.service import DEFAULT_JURISDICTION_ID
from hearing.tables import Case, CaseReview

CASE_COLUMNS = (
    Case.id,
    Case.reference,
    Case.title,
    Case.summary,
    Case.confidentiality,
    Case.registered_on,
    Case.accepted_on,
    Case.investigator.as_alias("investigator_id"),
    Case.jurisdiction.as_alias("jurisdiction_id"),
    Case.acceptance_deadline,
    Case.handling_deadline,
    Case.amber_on,
    Case.extended_until,
    Case.extension_reason,
    Case.closed_on,
    Case.reply_summary,
    Case.handling_organization.as_alias("handling_organization_id"),
    Case.prior_case.as_alias("prior_case_id"),
    Case.satisfaction,
    Case.satisfaction_comment,
)


def case_view(row: Row) -> CaseView:
    """The view of a row selected with CASE_COLUMNS."""
    return CaseView(**{**row, "jurisdiction_id": row["jurisdiction_id"] or DEFAULT_JURISDICTION_ID})


def clock_columns(clock: CaseClock) -> dict[str, date | str | None]:
    """The stored form of a case's clock (its registration date aside)."""
    return {
        "acceptance_deadline": clock.acceptance_deadline,
        "accepted_on": clock.accepted_on,
        "handling_deadline": clock.handling_deadline,
        "amber_on": clock.amber_on,
        "extended_until": clock.extended_until,
        "extension_reason": clock.extension_reason,
        "closed_on": clock.closed_on,
    }


async def reviews_of(case_ids: list[UUID]) -> dict[UUID, list[ReviewView]]:
    """The reviews of each case, oldest first, in one query."""
    found: dict[UUID, list[ReviewView]] = {case_id: [] for case_id in case_ids}
    if not case_ids:
        return found
    rows = (
        await CaseReview.select()
        .where(CaseReview.case.is_in(list(set(case_ids))))
        .order_by(CaseReview.requested_on)
    )
    for row in rows:
        found[row["case"]].append(
            ReviewView(
                id=row["id"],
                level=ReviewLevel(row["level"]),
                requested_on=row["requested_on"],
                deadline=row["deadline"],
                decided_on=row["decided_on"],
                decision=row["decision"],
            )
        )
    return found


async def cases_of_matter(case_id: UUID) -> set[UUID]:
    """Every case linked to ``case_id`` through ``prior_case``: the matter's whole history."""
    root, seen = case_id, {case_id}
    while (prior := await Case.select(Case.prior_case).where(Case.id == root).first()) and prior[
        "prior_case"
    ] not in (None, *seen):
        root = prior["prior_case"]
        seen.add(root)
    matter, frontier = {root}, [root]
    while frontier:
        rows = await Case.select(Case.id).where(Case.prior_case.is_in(frontier))
        frontier = [row["id"] for row in rows if row["id"] not in matter]
        matter.update(frontier)
    return matter


def in_jurisdiction(jurisdiction_id: UUID) -> Combinable:
    if jurisdiction_id == DEFAULT_JURISDICTION_ID:
        return (Case.jurisdiction == jurisdiction_id) | Case.jurisdiction.is_null()
    return Case.jurisdiction == jurisdiction_id


def light_condition(light: Light, todays: Mapping[UUID, date]) -> Combinable:
    """Cases whose light is ``light`` today, ``todays`` giving each jurisdiction's local date.

    The same rule as ``hearing.cases.clock.status_light``, on the stored deadlines.
    """
    combined: Combinable | None = None
    for jurisdiction_id, today in todays.items():
        condition = in_jurisdiction(jurisdiction_id) & _light_on(light, today)
        combined = condition if combined is None else combined | condition
    if combined is None:
        raise ValueError("light_condition needs the local date of at least one jurisdiction")
    return combined


def _light_on(light: Light, today: date) -> Combinable:
    if light is Light.CLOSED:
        return Case.closed_on.is_not_null()
    awaiting = Case.handling_deadline.is_null()
    unextended = Case.extended_until.is_null()
    conditions = {
        Light.RED: (awaiting & (Case.acceptance_deadline < today))
        | (unextended & (Case.handling_deadline <= today))
        | (Case.extended_until < today),
        Light.AMBER: (unextended & (Case.amber_on <= today) & (Case.handling_deadline > today))
        | (
            (Case.extended_until >= today)
            & ((Case.amber_on <= today) | (Case.handling_deadline <= today))
        ),
        Light.GREEN: (awaiting & (Case.acceptance_deadline >= today))
        | ((Case.amber_on > today) & (Case.handling_deadline > today)),
    }
    return Case.closed_on.is_null() & conditions[light]
