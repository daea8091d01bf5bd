"""Use cases for cases: register, read, change and remove them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from core.audit import record_event
from core.crud import Row, all_of, delete_row, fetch_one, fetch_page, update_row
from core.db import write_transaction
from core.errors import Conflict
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
)


async def create_case(data: dict[str, Any]) -> Row:
    async with write_transaction():
        if await Case.exists().where(Case.reference == data["reference"]):
            raise Conflict(
                f"a case with reference {data['reference']} already exists",
                code="case_reference_taken",
                field="reference",
            )
        case = Case(
            reference=data["reference"],
            title=data["title"],
            summary=data.get("summary"),
            confidentiality=data.get("confidentiality") or "none",
            registered_on=data.get("registered_on") or datetime.now(UTC).date(),
            accepted_on=data.get("accepted_on"),
            investigator=data.get("investigator_id"),
            created_at=datetime.now(UTC),
        )
        await case.save()
        await record_event("case.created", "case", case.id, {"reference": data["reference"]})
    return await get_case(case.id)


async def list_cases(
    limit: int, offset: int, reference: str | None = None, confidentiality: str | None = None
) -> tuple[list[Row], int]:
    where = all_of(
        [
            Case.reference.ilike(f"%{reference}%") if reference else None,
            Case.confidentiality == confidentiality if confidentiality else None,
        ]
    )
    return await fetch_page(
        Case, CASE_COLUMNS, where=where, limit=limit, offset=offset, order_by=Case.reference
    )


async def get_case(case_id: UUID) -> Row:
    return await fetch_one(Case, case_id, CASE_COLUMNS, "case")


async def get_cases(case_ids: list[UUID]) -> dict[UUID, Row]:
    if not case_ids:
        return {}
    rows = await Case.select(*CASE_COLUMNS).where(Case.id.is_in(list(set(case_ids))))
    return {row["id"]: row for row in rows}


async def update_case(case_id: UUID, changes: dict[str, Any]) -> Row:
    async with write_transaction():
        if "investigator_id" in changes:
            changes["investigator"] = changes.pop("investigator_id")
        await update_row(Case, case_id, changes, "case")
        await record_event("case.updated", "case", case_id, {k: str(v) for k, v in changes.items()})
    return await get_case(case_id)


async def delete_case(case_id: UUID) -> None:
    async with write_transaction():
        await delete_row(Case, case_id, "case")
        await record_event("case.deleted", "case", case_id)
