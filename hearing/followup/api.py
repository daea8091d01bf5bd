"""HTTP types and endpoints for action items (follow-up supervision)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from core.web.guards import account_of
from core.web.paging import Limit, Offset, changes_of
from core.web.wire import MAX_AGENDA_ITEMS, Body, ShortText, Text
from hearing.followup import escalation
from hearing.followup import service as followup
from hearing.sessions.api import ParticipantIn
from hearing.sessions.views import ParticipantRequest
from hearing.sessions.wire import SessionRead, session_read
from hearing.vocabulary import MAX_SESSION_MINUTES, ActionItemStatus, SessionKind


class ActionItemIn(Body):
    title: ShortText
    owner_organization_id: UUID
    due_date: date
    assignee_id: UUID | None = None


class NoteRead(msgspec.Struct):
    at: datetime
    author_id: UUID
    text: str


class ActionItemRead(msgspec.Struct):
    id: UUID
    session_id: UUID
    title: str
    owner_organization_id: UUID
    due_date: date
    status: str
    assignee_id: UUID | None = None
    notes: list[NoteRead] = msgspec.field(default_factory=list)
    escalated_to: UUID | None = None
    follow_up_session_id: UUID | None = None


class ActionItemList(msgspec.Struct):
    items: list[ActionItemRead]
    total: int
    limit: int
    offset: int


class ActionItemUpdate(Body, omit_defaults=True):
    #: Only closing is a status change a client makes; overdue and escalated follow from rules.
    status: Literal["done"] | msgspec.UnsetType = msgspec.UNSET
    title: ShortText | msgspec.UnsetType = msgspec.UNSET
    due_date: date | msgspec.UnsetType = msgspec.UNSET
    owner_organization_id: UUID | msgspec.UnsetType = msgspec.UNSET
    assignee_id: UUID | msgspec.UnsetType | None = msgspec.UNSET


class NoteIn(Body):
    text: Text


class EscalationIn(Body):
    reason: Text


class FollowUpSessionIn(Body):
    kind: SessionKind
    title: ShortText
    duration_minutes: Annotated[int, msgspec.Meta(ge=15, le=MAX_SESSION_MINUTES)]
    participants: Annotated[list[ParticipantIn], msgspec.Meta(min_length=1, max_length=200)]
    locale: Literal["en", "zh-CN"] = "zh-CN"
    agenda: Annotated[list[ShortText], msgspec.Meta(max_length=MAX_AGENDA_ITEMS)] = msgspec.field(
        default_factory=list
    )


def action_item_read(item: followup.ActionItemView) -> ActionItemRead:
    return msgspec.convert(item, ActionItemRead, from_attributes=True)


class ActionItemController(Controller):
    path = "/api/v1/action-items"
    tags = ["follow-up"]

    @get("/", operation_id="listActionItems")
    async def list_action_items(
        self,
        request: Request[Any, Any, Any],
        limit: Limit = 50,
        offset: Offset = 0,
        status: FromQuery[ActionItemStatus | None] = None,
        owner_organization_id: FromQuery[UUID | None] = None,
        session_id: FromQuery[UUID | None] = None,
    ) -> ActionItemList:
        """Soonest due first; ``status=overdue`` lists what is past due today, per owner with
        ``owner_organization_id`` (a supervisor's view)."""
        found_by = followup.ActionItemFilter(status, owner_organization_id, session_id)
        items, total = await followup.list_action_items(
            account_of(request), found_by, limit, offset, datetime.now(UTC)
        )
        return ActionItemList(
            items=[action_item_read(i) for i in items], total=total, limit=limit, offset=offset
        )

    @get("/{item_id:uuid}", operation_id="getActionItem")
    async def get_action_item(
        self, request: Request[Any, Any, Any], item_id: FromPath[UUID]
    ) -> ActionItemRead:
        item = await followup.get_action_item(account_of(request), item_id, datetime.now(UTC))
        return action_item_read(item)

    @patch("/{item_id:uuid}", operation_id="updateActionItem")
    async def update_action_item(
        self,
        request: Request[Any, Any, Any],
        item_id: FromPath[UUID],
        data: JSONBody[ActionItemUpdate],
    ) -> ActionItemRead:
        item = await followup.update_action_item(
            account_of(request), item_id, changes_of(data), datetime.now(UTC)
        )
        return action_item_read(item)

    @post("/{item_id:uuid}/notes", operation_id="addActionItemNote")
    async def add_note(
        self, request: Request[Any, Any, Any], item_id: FromPath[UUID], data: JSONBody[NoteIn]
    ) -> ActionItemRead:
        item = await followup.add_note(account_of(request), item_id, data.text, datetime.now(UTC))
        return action_item_read(item)

    @post("/{item_id:uuid}/escalate", operation_id="escalateActionItem", status_code=200)
    async def escalate(
        self,
        request: Request[Any, Any, Any],
        item_id: FromPath[UUID],
        data: JSONBody[EscalationIn],
    ) -> ActionItemRead:
        item = await escalation.escalate_action_item(
            account_of(request), item_id, data.reason, datetime.now(UTC)
        )
        return action_item_read(item)

    @post("/{item_id:uuid}/follow-up-session", operation_id="createFollowUpSession")
    async def follow_up_session(
        self,
        request: Request[Any, Any, Any],
        item_id: FromPath[UUID],
        data: JSONBody[FollowUpSessionIn],
    ) -> SessionRead:
        wanted = followup.FollowUpSession(
            kind=data.kind,
            title=data.title,
            duration_minutes=data.duration_minutes,
            participants=[
                ParticipantRequest(p.person_id, p.role, p.required) for p in data.participants
            ],
            locale=data.locale,
            agenda=tuple(data.agenda),
        )
        session = await followup.create_follow_up_session(
            account_of(request), item_id, wanted, datetime.now(UTC)
        )
        return session_read(session)
