"""Use cases for cases: register, read, change and remove them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from core.audit import record_event
from core.crud import Row, all_of, delete_row, fetch_one, fetch_page, update_row
from core.db import write_transaction
from core.errors import Conflict
from hearing.cases.clock import local_date
from hearing.jurisdictions.service import (
    DEFAULT_JURISDICTION_ID,
    get_jurisdiction,
    require_jurisdiction,
)
from hearing.tables import Case

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
)


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


def _case_view(row: Row) -> CaseView:
    return CaseView(
        id=row["id"],
        reference=row["reference"],
        title=row["title"],
        summary=row["summary"],
        confidentiality=row["confidentiality"],
        registered_on=row["registered_on"],
        accepted_on=row["accepted_on"],
        investigator_id=row["investigator_id"],
        jurisdiction_id=row["jurisdiction_id"] or DEFAULT_JURISDICTION_ID,
    )


async def create_case(new: NewCase, now: datetime) -> CaseView:
    """Register a case; without ``registered_on`` it is today in the jurisdiction's zone."""
    async with write_transaction():
        if new.jurisdiction_id is not None:
            await require_jurisdiction(new.jurisdiction_id, "jurisdiction_id")
        jurisdiction = await get_jurisdiction(new.jurisdiction_id)
        if await Case.exists().where(Case.reference == new.reference):
            raise Conflict(
                f"a case with reference {new.reference} already exists",
                code="case_reference_taken",
                field="reference",
            )
        case = Case(
            reference=new.reference,
            title=new.title,
            summary=new.summary,
            confidentiality=new.confidentiality,
            registered_on=new.registered_on or local_date(now, jurisdiction.timezone),
            accepted_on=new.accepted_on,
            investigator=new.investigator_id,
            jurisdiction=new.jurisdiction_id,
            created_at=now,
        )
        await case.save()
        await record_event("case.created", "case", case.id, {"reference": new.reference})
    return await get_case(case.id)


async def list_cases(
    limit: int, offset: int, reference: str | None = None, confidentiality: str | None = None
) -> tuple[list[CaseView], int]:
    where = all_of(
        [
            Case.reference.ilike(f"%{reference}%") if reference else None,
            Case.confidentiality == confidentiality if confidentiality else None,
        ]
    )
    rows, total = await fetch_page(
        Case, CASE_COLUMNS, where=where, limit=limit, offset=offset, order_by=Case.reference
    )
    return [_case_view(row) for row in rows], total


async def get_case(case_id: UUID) -> CaseView:
    return _case_view(await fetch_one(Case, case_id, CASE_COLUMNS, "case"))


async def get_cases(case_ids: list[UUID]) -> dict[UUID, CaseView]:
    if not case_ids:
        return {}
    rows = await Case.select(*CASE_COLUMNS).where(Case.id.is_in(list(set(case_ids))))
    return {row["id"]: _case_view(row) for row in rows}


async def update_case(case_id: UUID, changes: dict[str, Any]) -> CaseView:
    async with write_transaction():
        if "investigator_id" in changes:
            changes["investigator"] = changes.pop("investigator_id")
        if "jurisdiction_id" in changes:
            if changes["jurisdiction_id"] is not None:
                await require_jurisdiction(changes["jurisdiction_id"], "jurisdiction_id")
            changes["jurisdiction"] = changes.pop("jurisdiction_id")
        await update_row(Case, case_id, changes, "case")
        await record_event("case.updated", "case", case_id, {k: str(v) for k, v in changes.items()})
    return await get_case(case_id)


async def delete_case(case_id: UUID) -> None:
    async with write_transaction():
        await delete_row(Case, case_id, "case")
        await record_event("case.deleted", "case", case_id)
