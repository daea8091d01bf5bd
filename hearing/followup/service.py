"""Use cases for action items (follow-up supervision)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from core.audit import record_event
from core.crud import Row
from core.db import write_transaction
from core.errors import NotFound
from hearing.sessions.service import recordable_session
from hearing.tables import ActionItem
from hearing.vocabulary import ActionItemStatus
from parties.organizations.service import get_organization
from parties.people.service import get_person

ACTION_ITEM_COLUMNS = (
    ActionItem.id,
    ActionItem.session.as_alias("session_id"),
    ActionItem.title,
    ActionItem.owner_organization.as_alias("owner_organization_id"),
    ActionItem.due_date,
    ActionItem.assignee.as_alias("assignee_id"),
    ActionItem.status,
)


@dataclass(frozen=True)
class ActionItemView:
    id: UUID
    session_id: UUID
    title: str
    owner_organization_id: UUID
    due_date: date
    status: str
    assignee_id: UUID | None


def action_item_view(row: Row) -> ActionItemView:
    return ActionItemView(
        id=row["id"],
        session_id=row["session_id"],
        title=row["title"],
        owner_organization_id=row["owner_organization_id"],
        due_date=row["due_date"],
        status=row["status"],
        assignee_id=row["assignee_id"],
    )


async def _ensure_owner_and_assignee(owner_organization_id: UUID, assignee_id: UUID | None) -> None:
    """Both must exist; the error names the request field, not the looked-up entity's id."""
    try:
        await get_organization(owner_organization_id)
    except NotFound as exc:
        raise NotFound(str(exc), code=exc.code, field="owner_organization_id") from exc
    if assignee_id is None:
        return
    try:
        await get_person(assignee_id)
    except NotFound as exc:
        raise NotFound(str(exc), code=exc.code, field="assignee_id") from exc


async def create_action_item(
    session_id: UUID,
    title: str,
    owner_organization_id: UUID,
    due_date: date,
    assignee_id: UUID | None,
    now: datetime,
) -> ActionItemView:
    async with write_transaction():
        await recordable_session(session_id, now)
        await _ensure_owner_and_assignee(owner_organization_id, assignee_id)
        item = ActionItem(
            session=session_id,
            title=title,
            owner_organization=owner_organization_id,
            due_date=due_date,
            assignee=assignee_id,
            status=ActionItemStatus.OPEN.value,
            created_at=now,
        )
        await item.save()
        await record_event("action_item.created", "action_item", item.id, {"title": title})
    return await _action_item(item.id)


async def _action_item(item_id: UUID) -> ActionItemView:
    row = await ActionItem.select(*ACTION_ITEM_COLUMNS).where(ActionItem.id == item_id).first()
    assert row is not None
    return action_item_view(row)


async def action_items_of(session_id: UUID) -> tuple[ActionItemView, ...]:
    rows = (
        await ActionItem.select(*ACTION_ITEM_COLUMNS)
        .where(ActionItem.session == session_id)
        .order_by(ActionItem.created_at)
    )
    return tuple(action_item_view(row) for row in rows)
