"""Use cases for action items (follow-up supervision)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from core.audit import record_event
from core.crud import Row, ensure_exists
from core.db import write_transaction
from hearing.sessions.service import recordable_session
from hearing.tables import ActionItem
from hearing.vocabulary import ActionItemStatus
from parties.tables import Organization, Person

ACTION_ITEM_COLUMNS = (
    ActionItem.id,
    ActionItem.session.as_alias("session_id"),
    ActionItem.title,
    ActionItem.owner_organization.as_alias("owner_organization_id"),
    ActionItem.due_date,
    ActionItem.assignee.as_alias("assignee_id"),
    ActionItem.status,
)


async def create_action_item(
    session_id: UUID,
    title: str,
    owner_organization_id: UUID,
    due_date: date,
    assignee_id: UUID | None,
) -> Row:
    async with write_transaction():
        await recordable_session(session_id)
        await ensure_exists(
            Organization, owner_organization_id, "organization", "owner_organization_id"
        )
        await ensure_exists(Person, assignee_id, "person", "assignee_id")
        item = ActionItem(
            session=session_id,
            title=title,
            owner_organization=owner_organization_id,
            due_date=due_date,
            assignee=assignee_id,
            status=ActionItemStatus.OPEN.value,
            created_at=datetime.now(UTC),
        )
        await item.save()
        await record_event("action_item.created", "action_item", item.id, {"title": title})
    row = await ActionItem.select(*ACTION_ITEM_COLUMNS).where(ActionItem.id == item.id).first()
    assert row is not None
    return dict(row)
