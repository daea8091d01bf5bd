"""HTTP endpoints for cases."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from core.web.guards import staff_only
from core.web.paging import Limit, Offset, changes_of
from hearing.cases import service as cases
from hearing.sessions.api import ShortText, Text
from hearing.vocabulary import Confidentiality


class CaseCreate(msgspec.Struct):
    reference: Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
    title: ShortText
    summary: Text | None = None
    confidentiality: Confidentiality = Confidentiality.NONE
    registered_on: date | None = None
    accepted_on: date | None = None
    investigator_id: UUID | None = None
    jurisdiction_id: UUID | None = None


class CaseUpdate(msgspec.Struct, omit_defaults=True):
    title: ShortText | msgspec.UnsetType = msgspec.UNSET
    summary: Text | msgspec.UnsetType | None = msgspec.UNSET
    confidentiality: Confidentiality | msgspec.UnsetType = msgspec.UNSET
    accepted_on: date | msgspec.UnsetType | None = msgspec.UNSET
    investigator_id: UUID | msgspec.UnsetType | None = msgspec.UNSET
    jurisdiction_id: UUID | msgspec.UnsetType | None = msgspec.UNSET


class CaseRead(msgspec.Struct):
    id: UUID
    reference: str
    title: str
    confidentiality: str
    registered_on: date
    jurisdiction_id: UUID
    summary: str | None = None
    accepted_on: date | None = None
    investigator_id: UUID | None = None


class CaseList(msgspec.Struct):
    items: list[CaseRead]
    total: int
    limit: int
    offset: int


def case_read(case: cases.CaseView) -> CaseRead:
    return msgspec.convert(case, CaseRead, from_attributes=True)


class CaseController(Controller):
    path = "/api/v1/cases"
    tags = ["cases"]
    guards = [staff_only]

    @post("/", operation_id="createCase")
    async def create_case(self, data: JSONBody[CaseCreate]) -> CaseRead:
        new = cases.NewCase(**msgspec.structs.asdict(data))
        case = await cases.create_case(new, datetime.now(UTC))
        return case_read(case)

    @get("/", operation_id="listCases")
    async def list_cases(
        self,
        limit: Limit = 50,
        offset: Offset = 0,
        reference: FromQuery[str | None] = None,
        confidentiality: FromQuery[str | None] = None,
    ) -> CaseList:
        found, total = await cases.list_cases(limit, offset, reference, confidentiality)
        items = [case_read(case) for case in found]
        return CaseList(items=items, total=total, limit=limit, offset=offset)

    @get("/{case_id:uuid}", operation_id="getCase")
    async def get_case(self, case_id: FromPath[UUID]) -> CaseRead:
        return case_read(await cases.get_case(case_id))

    @patch("/{case_id:uuid}", operation_id="updateCase")
    async def update_case(self, case_id: FromPath[UUID], data: JSONBody[CaseUpdate]) -> CaseRead:
        return case_read(await cases.update_case(case_id, changes_of(data)))

    @delete("/{case_id:uuid}", operation_id="deleteCase")
    async def delete_case(self, case_id: FromPath[UUID]) -> None:
        await cases.delete_case(case_id)
