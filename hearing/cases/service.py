"""Use cases for cases: register, read, change and remove them, and run their clock."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from core.access import Viewer
from core.audit import record_event
from core.crud import all_of, delete_row, fetch_one, fetch_page, update_row
from core.db import is_sqlite, read_together, write_transaction
from core.errors import Conflict, Forbidden, NotFound, RuleViolation
from core.fixed_select import FixedSelect
from hearing.cases import clock as case_clock
from hearing.cases.clock import CaseClock, Light, local_date
from hearing.cases.queries import (
    CASE_COLUMNS,
    case_view,
    cases_of_matter,
    clock_columns,
    light_condition,
    reviews_of,
)
from hearing.cases.reviews.windows import matter_is_final
from hearing.cases.views import CaseStanding, standing_on
from hearing.cases.views import CaseView as CaseView
from hearing.jurisdictions.rules import JurisdictionRules
from hearing.jurisdictions.service import (
    DEFAULT_JURISDICTION_ID,
    get_jurisdiction,
    jurisdiction_of_case,
    list_jurisdictions,
    require_jurisdiction,
)
from hearing.tables import Case
from parties.organizations.service import get_organization
from parties.people.service import get_people

_CASES = FixedSelect(Case, CASE_COLUMNS)


@dataclass(frozen=True)
class NewCase:
    reference: str
    title: str
    summary: str | None = None
    confidentiality: str = "none"
    registered_on: date | None = None
    accepted_on: date | None = None
    investigator_id: UUID | None = None
    #: None: the default jurisdiction.
    jurisdiction_id: UUID | None = None
    handling_organization_id: UUID | None = None
    #: An earlier case on the same matter (refused once that matter is final).
    prior_case_id: UUID | None = None


@dataclass(frozen=True)
class CaseFilter:
    reference: str | None = None
    confidentiality: str | None = None
    light: Light | None = None


def require_staff(viewer: Viewer, case_id: UUID) -> None:
    """Cases are staff business; to anyone else every case is as unknown as a missing one."""
    if not viewer.is_staff:
        raise NotFound(f"no case with id {case_id}", code="case_not_found", field="id")


def require_staff_role(viewer: Viewer, action: str) -> None:
    """For what concerns no one case (registering one, reports): a plain refusal."""
    if not viewer.is_staff:
        raise Forbidden(f"the {viewer.role.value} role may not {action}", code="role_not_allowed")


async def create_case(new: NewCase, now: datetime) -> CaseView:
    """Register a case; without ``registered_on`` it is today in the jurisdiction's zone."""
    async with write_transaction():
        if new.jurisdiction_id is not None:
            await require_jurisdiction(new.jurisdiction_id, "jurisdiction_id")
        jurisdiction = await get_jurisdiction(new.jurisdiction_id)
        await _check_new_case(new)
        registered_on = new.registered_on or local_date(now, jurisdiction.timezone)
        clock = case_clock.register(registered_on, jurisdiction.rules)
        if new.accepted_on is not None:
            clock = case_clock.accept(clock, new.accepted_on, jurisdiction.rules)
        case = Case(
            reference=new.reference,
            title=new.title,
            summary=new.summary,
            confidentiality=new.confidentiality,
            registered_on=registered_on,
            investigator=new.investigator_id,
            jurisdiction=new.jurisdiction_id,
            handling_organization=new.handling_organization_id,
            prior_case=new.prior_case_id,
            created_at=now,
            acceptance_deadline=clock.acceptance_deadline,
            accepted_on=clock.accepted_on,
            handling_deadline=clock.handling_deadline,
            amber_on=clock.amber_on,
        )
        await case.save()
        await record_event("case.created", "case", case.id, {"reference": new.reference})
    return await get_case(case.id)


async def _check_new_case(new: NewCase) -> None:
    if await Case.exists().where(Case.reference == new.reference):
        raise Conflict(
            f"a case with reference {new.reference} already exists",
            code="case_reference_taken",
            field="reference",
        )
    await _require_organization(new.handling_organization_id)
    await _require_investigator(new.investigator_id)
    if new.prior_case_id is not None:
        await _require_open_matter(new.prior_case_id)


async def _require_organization(organization_id: UUID | None) -> None:
    if organization_id is None:
        return
    try:
        await get_organization(organization_id)
    except NotFound as exc:
        raise NotFound(exc.message, code=exc.code, field="handling_organization_id") from exc


async def _require_investigator(person_id: UUID | None) -> None:
    """An unknown investigator is a mistake in the request, found before the database's
    foreign key would turn it into a server error."""
    if person_id is not None and not await get_people([person_id]):
        raise RuleViolation(
            f"no person with id {person_id} to investigate the case",
            code="investigator_not_found",
            field="investigator_id",
        )


async def _require_open_matter(prior_case_id: UUID) -> None:
    """A matter whose re-review is decided is final (复核终结): no new case is opened on it."""
    try:
        await get_case(prior_case_id)
    except NotFound as exc:
        raise NotFound(exc.message, code=exc.code, field="prior_case_id") from exc
    reviews = (await reviews_of(list(await cases_of_matter(prior_case_id)))).values()
    if matter_is_final([view.review for of_case in reviews for view in of_case]):
        raise Conflict(
            "this matter was re-reviewed and is final; it is not accepted again",
            code="matter_final",
            field="prior_case_id",
        )


async def register_case(viewer: Viewer, new: NewCase, now: datetime) -> CaseStanding:
    require_staff_role(viewer, "register cases")
    case = await create_case(new, now)
    return await case_for(viewer, case.id, now)


async def _todays(viewer: Viewer, now: datetime) -> dict[UUID, date]:
    """Today's local date in every jurisdiction (the default one even before it is stored)."""
    jurisdictions = await list_jurisdictions(viewer)
    todays = {j.id: local_date(now, j.timezone) for j in jurisdictions}
    if DEFAULT_JURISDICTION_ID not in todays:
        default = await get_jurisdiction(None)
        todays[DEFAULT_JURISDICTION_ID] = local_date(now, default.timezone)
    return todays


async def _standings(found: list[CaseView], todays: Mapping[UUID, date]) -> list[CaseStanding]:
    reviews = await reviews_of([case.id for case in found])
    return [standing_on(case, reviews[case.id], todays[case.jurisdiction_id]) for case in found]


async def list_cases(
    viewer: Viewer, limit: int, offset: int, found_by: CaseFilter, now: datetime
) -> tuple[list[CaseStanding], int]:
    """A page of cases, filtered in SQL (the light on each jurisdiction's local date).

    Only staff see cases; to anyone else the list is empty.
    """
    if not viewer.is_staff:
        return [], 0
    async with read_together():
        todays = await _todays(viewer, now)
        light = None if found_by.light is None else light_condition(found_by.light, todays)
        where = all_of(
            [
                Case.reference.ilike(f"%{found_by.reference}%") if found_by.reference else None,
                Case.confidentiality == found_by.confidentiality
                if found_by.confidentiality
                else None,
                light,
            ]
        )
        rows, total = await fetch_page(
            Case, CASE_COLUMNS, where=where, limit=limit, offset=offset, order_by=Case.reference
        )
        return await _standings([case_view(row) for row in rows], todays), total


async def get_case(case_id: UUID) -> CaseView:
    """A case by id, for use cases that already decided access (no viewer check)."""
    return case_view(await fetch_one(Case, case_id, CASE_COLUMNS, "case"))


async def case_exists(case_id: UUID) -> bool:
    return bool(await Case.exists().where(Case.id == case_id))


async def get_cases(case_ids: list[UUID]) -> dict[UUID, CaseView]:
    if not case_ids:
        return {}
    rows = await _CASES.one_of(Case.id, case_ids)
    return {row["id"]: case_view(row) for row in rows}


async def lock_case(case_id: UUID) -> CaseView:
    """The case, locked until the write transaction ends, so that two changes of its clock or
    reviews cannot both pass their checks (SQLite's immediate transactions already serialise
    writers; PostgreSQL locks the row)."""
    if not is_sqlite():
        await Case.select(Case.id).where(Case.id == case_id).lock_rows()
    return await get_case(case_id)


async def case_for(viewer: Viewer, case_id: UUID, now: datetime) -> CaseStanding:
    """The case with its light today, as ``viewer`` may see it."""
    require_staff(viewer, case_id)
    async with read_together():
        case = await get_case(case_id)
        (standing,) = await _standings([case], await _todays(viewer, now))
    return standing


async def update_case(case_id: UUID, changes: Mapping[str, Any]) -> CaseView:
    """Change a case's description (access already decided); its clock moves only through
    accept, extend and close."""
    columns = dict(changes)
    async with write_transaction():
        if "investigator_id" in columns:
            await _require_investigator(columns["investigator_id"])
            columns["investigator"] = columns.pop("investigator_id")
        if "handling_organization_id" in columns:
            await _require_organization(columns["handling_organization_id"])
            columns["handling_organization"] = columns.pop("handling_organization_id")
        if "jurisdiction_id" in columns:
            if columns["jurisdiction_id"] is not None:
                await require_jurisdiction(columns["jurisdiction_id"], "jurisdiction_id")
            columns["jurisdiction"] = columns.pop("jurisdiction_id")
        await update_row(Case, case_id, columns, "case")
        await record_event("case.updated", "case", case_id, {k: str(v) for k, v in columns.items()})
    return await get_case(case_id)


async def change_case(
    viewer: Viewer, case_id: UUID, changes: Mapping[str, Any], now: datetime
) -> CaseStanding:
    """``update_case`` for ``viewer``, answering with the case's standing today."""
    require_staff(viewer, case_id)
    await update_case(case_id, changes)
    return await case_for(viewer, case_id, now)


async def delete_case(viewer: Viewer, case_id: UUID) -> None:
    require_staff(viewer, case_id)
    async with write_transaction():
        await delete_row(Case, case_id, "case")
        await record_event("case.deleted", "case", case_id)


async def _move_clock(
    viewer: Viewer,
    case_id: UUID,
    now: datetime,
    action: str,
    move: Callable[[CaseClock, JurisdictionRules], CaseClock],
    extra: Mapping[str, Any] | None = None,
) -> CaseStanding:
    """Load the case's clock and rules, apply ``move(clock, rules)``, store it, audit it."""
    require_staff(viewer, case_id)
    async with write_transaction():
        case = await lock_case(case_id)
        rules = (await jurisdiction_of_case(case_id)).rules
        moved: CaseClock = move(case.clock, rules)
        values = {**clock_columns(moved), **(extra or {})}
        await update_row(Case, case_id, values, "case")
        await record_event(action, "case", case_id, {k: str(v) for k, v in values.items()})
    return await case_for(viewer, case_id, now)


async def accept_case(
    viewer: Viewer, case_id: UUID, accepted_on: date, now: datetime
) -> CaseStanding:
    return await _move_clock(
        viewer,
        case_id,
        now,
        "case.accepted",
        lambda clock, rules: case_clock.accept(clock, accepted_on, rules),
    )


async def extend_case(
    viewer: Viewer, case_id: UUID, days: int, reason: str, now: datetime
) -> CaseStanding:
    return await _move_clock(
        viewer,
        case_id,
        now,
        "case.extended",
        lambda clock, rules: case_clock.extend(clock, days, reason, rules),
    )


async def close_case(
    viewer: Viewer, case_id: UUID, closed_on: date, reply_summary: str, now: datetime
) -> CaseStanding:
    return await _move_clock(
        viewer,
        case_id,
        now,
        "case.closed",
        lambda clock, _rules: case_clock.close(clock, closed_on),
        {"reply_summary": reply_summary},
    )
