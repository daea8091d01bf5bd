"""HTTP endpoints for cases and their clock: register, read, list by light, accept, close."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from core.web.guards import account_of, staff_only
from core.web.paging import Limit, Offset, changes_of
from core.web.wire import Body, Reason, ShortText, SingleLine, Text
from hearing.cases import service as cases
from hearing.cases.clock import Light
from hearing.cases.reviews.windows import ReviewLevel
from hearing.cases.service import CaseFilter
from hearing.cases.views import CaseStanding
from hearing.vocabulary import Confidentiality


class CaseCreate(Body):
    reference: Annotated[SingleLine, msgspec.Meta(min_length=1, max_length=60)]
    title: ShortText
    summary: Text | None = None
    confidentiality: Confidentiality = Confidentiality.NONE
    registered_on: date | None = None
    accepted_on: date | None = None
    investigator_id: UUID | None = None
    jurisdiction_id: UUID | None = None
    handling_organization_id: UUID | None = None
    prior_case_id: UUID | None = None


class CaseUpdate(Body, omit_defaults=True):
    title: ShortText | msgspec.UnsetType = msgspec.UNSET
    summary: Text | msgspec.UnsetType | None = msgspec.UNSET
    confidentiality: Confidentiality | msgspec.UnsetType = msgspec.UNSET
    investigator_id: UUID | msgspec.UnsetType | None = msgspec.UNSET
    jurisdiction_id: UUID | msgspec.UnsetType | None = msgspec.UNSET
    handling_organization_id: UUID | msgspec.UnsetType | None = msgspec.UNSET


class Acceptance(Body):
    accepted_on: date


class Extension(Body):
    #: Beyond any rulebook's maximum; the rule itself (extension_too_long) decides.
    days: Annotated[int, msgspec.Meta(le=36_500)]
    reason: Reason


class Closing(Body):
    closed_on: date
    reply_summary: Text


class ReviewRead(msgspec.Struct):
    id: UUID
    level: ReviewLevel
    requested_on: date
    deadline: date
    light: Light
    decided_on: date | None = None
    decision: str | None = None


class CaseRead(msgspec.Struct):
    id: UUID
    reference: str
    title: str
    confidentiality: str
    registered_on: date
    jurisdiction_id: UUID
    acceptance_deadline: date
    light: Light
    reviews: list[ReviewRead]
    summary: str | None = None
    accepted_on: date | None = None
    handling_deadline: date | None = None
    extended_until: date | None = None
    extension_reason: str | None = None
    closed_on: date | None = None
    reply_summary: str | None = None
    investigator_id: UUID | None = None
    handling_organization_id: UUID | None = None
    prior_case_id: UUID | None = None
    satisfaction: str | None = None
    satisfaction_comment: str | None = None


class CaseList(msgspec.Struct):
    items: list[CaseRead]
    total: int
    limit: int
    offset: int


def case_read(case: CaseStanding) -> CaseRead:
    return msgspec.convert(case, CaseRead, from_attributes=True)


class CaseController(Controller):
    path = "/api/v1/cases"
    tags = ["cases"]
    guards = [staff_only]

    @post("/", operation_id="createCase")
    async def create_case(
        self, request: Request[Any, Any, Any], data: JSONBody[CaseCreate]
    ) -> CaseRead:
        new = cases.NewCase(**msgspec.structs.asdict(data))
        return case_read(await cases.register_case(account_of(request), new, datetime.now(UTC)))

    @get("/", operation_id="listCases")
    async def list_cases(
        self,
        request: Request[Any, Any, Any],
        limit: Limit = 50,
        offset: Offset = 0,
        reference: FromQuery[str | None] = None,
        confidentiality: FromQuery[str | None] = None,
        light: FromQuery[Light | None] = None,
    ) -> CaseList:
        found_by = CaseFilter(reference, confidentiality, light)
        found, total = await cases.list_cases(
            account_of(request), limit, offset, found_by, datetime.now(UTC)
        )
        items = [case_read(case) for case in found]
        return CaseList(items=items, total=total, limit=limit, offset=offset)

    @get("/{case_id:uuid}", operation_id="getCase")
    async def get_case(self, request: Request[Any, Any, Any], case_id: FromPath[UUID]) -> CaseRead:
        return case_read(await cases.case_for(account_of(request), case_id, datetime.now(UTC)))

    @patch("/{case_id:uuid}", operation_id="updateCase")
    async def update_case(
        self, request: Request[Any, Any, Any], case_id: FromPath[UUID], data: JSONBody[CaseUpdate]
    ) -> CaseRead:
        viewer, now = account_of(request), datetime.now(UTC)
        return case_read(await cases.change_case(viewer, case_id, changes_of(data), now))

    @delete("/{case_id:uuid}", operation_id="deleteCase")
    async def delete_case(self, request: Request[Any, Any, Any], case_id: FromPath[UUID]) -> None:
        await cases.delete_case(account_of(request), case_id)

    @post("/{case_id:uuid}/accept", operation_id="acceptCase", status_code=200)
    async def accept_case(
        self, request: Request[Any, Any, Any], case_id: FromPath[UUID], data: JSONBody[Acceptance]
    ) -> CaseRead:
        viewer, now = account_of(request), datetime.now(UTC)
        return case_read(await cases.accept_case(viewer, case_id, data.accepted_on, now))

    @post("/{case_id:uuid}/extension", operation_id="extendCase", status_code=200)
    async def extend_case(
        self, request: Request[Any, Any, Any], case_id: FromPath[UUID], data: JSONBody[Extension]
    ) -> CaseRead:
        viewer, now = account_of(request), datetime.now(UTC)
        return case_read(await cases.extend_case(viewer, case_id, data.days, data.reason, now))

    @post("/{case_id:uuid}/close", operation_id="closeCase", status_code=200)
    async def close_case(
        self, request: Request[Any, Any, Any], case_id: FromPath[UUID], data: JSONBody[Closing]
    ) -> CaseRead:
        viewer, now = account_of(request), datetime.now(UTC)
        closed = await cases.close_case(viewer, case_id, data.closed_on, data.reply_summary, now)
        return case_read(closed)
