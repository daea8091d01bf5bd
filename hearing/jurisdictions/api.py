"""HTTP endpoints for jurisdictions: staff read them, administrators change them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, patch, post
from litestar.params import FromPath, JSONBody

from core.web.guards import account_of
from core.web.paging import changes_of
from core.web.wire import Body, ShortText, SingleLine, Zone
from hearing.jurisdictions import service
from hearing.jurisdictions.document_number import DEFAULT_DOCUMENT_NUMBER_PATTERN
from hearing.jurisdictions.service import JurisdictionView, NewJurisdiction

#: Days and minutes: far above any office's rulebook, and inside every engine's integer.
_Setting = Annotated[int, msgspec.Meta(le=36_500)] | msgspec.UnsetType
#: How early the record opens is counted in minutes: up to a year ahead.
_Minutes = Annotated[int, msgspec.Meta(le=525_600)] | msgspec.UnsetType
_Holidays = Annotated[list[date], msgspec.Meta(max_length=2_000)]
_NumberPattern = Annotated[SingleLine, msgspec.Meta(max_length=200)]


class RulesIn(Body, omit_defaults=True):
    """The rule values to set; the others keep their value (or DESIGN's default)."""

    accept_days: _Setting = msgspec.UNSET
    handle_days: _Setting = msgspec.UNSET
    extension_max_days: _Setting = msgspec.UNSET
    amber_from_day: _Setting = msgspec.UNSET
    public_hearing_notice_days: _Setting = msgspec.UNSET
    panel_min: _Setting = msgspec.UNSET
    panel_max: _Setting = msgspec.UNSET
    signing_window_days: _Setting = msgspec.UNSET
    open_before_start_minutes: _Minutes = msgspec.UNSET
    followup_grace_days: _Setting = msgspec.UNSET
    review_request_days: _Setting = msgspec.UNSET
    review_decide_days: _Setting = msgspec.UNSET


class RulesRead(msgspec.Struct):
    accept_days: int
    handle_days: int
    extension_max_days: int
    amber_from_day: int
    public_hearing_notice_days: int
    panel_min: int
    panel_max: int
    signing_window_days: int
    open_before_start_minutes: int
    followup_grace_days: int
    review_request_days: int
    review_decide_days: int


class JurisdictionCreate(Body):
    name: ShortText
    timezone: Zone = "Asia/Shanghai"
    holidays: _Holidays = msgspec.field(default_factory=list)
    rules: RulesIn = msgspec.field(default_factory=RulesIn)
    document_number_pattern: _NumberPattern = DEFAULT_DOCUMENT_NUMBER_PATTERN


class JurisdictionUpdate(Body, omit_defaults=True):
    name: ShortText | msgspec.UnsetType = msgspec.UNSET
    timezone: Zone | msgspec.UnsetType = msgspec.UNSET
    holidays: _Holidays | msgspec.UnsetType = msgspec.UNSET
    rules: RulesIn | msgspec.UnsetType = msgspec.UNSET
    document_number_pattern: _NumberPattern | msgspec.UnsetType = msgspec.UNSET


class JurisdictionRead(msgspec.Struct):
    id: UUID
    name: str
    timezone: str
    holidays: list[date]
    rules: RulesRead
    document_number_pattern: str


class JurisdictionList(msgspec.Struct):
    items: list[JurisdictionRead]


def jurisdiction_read(jurisdiction: JurisdictionView) -> JurisdictionRead:
    return msgspec.convert(jurisdiction, JurisdictionRead, from_attributes=True)


class JurisdictionController(Controller):
    path = "/api/v1/jurisdictions"
    tags = ["jurisdictions"]

    @get("/", operation_id="listJurisdictions")
    async def list_jurisdictions(self, request: Request[Any, Any, Any]) -> JurisdictionList:
        found = await service.list_jurisdictions(account_of(request))
        return JurisdictionList(items=[jurisdiction_read(j) for j in found])

    @get("/{jurisdiction_id:uuid}", operation_id="getJurisdiction")
    async def get_jurisdiction(
        self, request: Request[Any, Any, Any], jurisdiction_id: FromPath[UUID]
    ) -> JurisdictionRead:
        found = await service.get_jurisdiction_for(account_of(request), jurisdiction_id)
        return jurisdiction_read(found)

    @post("/", operation_id="createJurisdiction")
    async def create_jurisdiction(
        self, request: Request[Any, Any, Any], data: JSONBody[JurisdictionCreate]
    ) -> JurisdictionRead:
        new = NewJurisdiction(
            name=data.name,
            timezone=data.timezone,
            holidays=tuple(data.holidays),
            rules=changes_of(data.rules),
            document_number_pattern=data.document_number_pattern,
        )
        created = await service.create_jurisdiction(account_of(request), new, datetime.now(UTC))
        return jurisdiction_read(created)

    @patch("/{jurisdiction_id:uuid}", operation_id="updateJurisdiction")
    async def update_jurisdiction(
        self,
        request: Request[Any, Any, Any],
        jurisdiction_id: FromPath[UUID],
        data: JSONBody[JurisdictionUpdate],
    ) -> JurisdictionRead:
        changes = changes_of(data)
        if isinstance(data.rules, RulesIn):
            changes["rules"] = changes_of(data.rules)
        updated = await service.update_jurisdiction(account_of(request), jurisdiction_id, changes)
        return jurisdiction_read(updated)
