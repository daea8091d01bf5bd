"""Escalating action items to the owner's parent organisation, supervision notices through the
outbox, and the daily run (``concord followup run``) that marks, notifies and escalates."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from core.access import Viewer
from core.audit import record_event
from core.db import write_transaction
from core.outbox.service import queue_message
from core.settings import get_settings
from hearing.cases.service import get_case
from hearing.followup.notice import NoticeFacts, NoticeKind, NoticeSender, compose_notice
from hearing.followup.service import (
    ActionItemView,
    FollowUpClock,
    clocks_of,
    get_action_item,
    item_row,
    pending_rows,
    views_of,
)
from hearing.followup.supervision import (
    ESCALATE_AFTER_OVERDUE_DAYS,
    due_for_escalation,
    escalation_notice_key,
    escalation_target,
    overdue_notice_key,
)
from hearing.tables import ActionItem
from hearing.vocabulary import ActionItemStatus
from parties.organizations.service import get_organization
from parties.people.service import list_people

#: More people than any one office has; the notice goes to each of them.
_MAX_RECIPIENTS = 500


async def queue_notices(
    item: ActionItemView,
    kind: NoticeKind,
    clock: FollowUpClock,
    now: datetime,
    reason: str | None = None,
) -> int:
    """Queue a supervision notice to every person of the organisation concerned (the owner when
    overdue, the parent once escalated), each in their language; inside the caller's
    transaction. Returns how many were queued (a notice already queued is not queued again)."""
    owner = await get_organization(item.owner_organization_id)
    organization_id = item.escalated_to if kind is NoticeKind.ESCALATED else owner.id
    assert organization_id is not None
    people, _ = await list_people(_MAX_RECIPIENTS, 0, organization_id=organization_id)
    case = await get_case(item.case_id) if item.case_id else None
    settings = get_settings()
    sender = NoticeSender(settings.organizer_name, settings.sender_address)
    queued = 0
    for person in people:
        facts = NoticeFacts(
            recipient_name=person.name,
            recipient_email=person.email,
            locale=person.locale,
            kind=kind,
            item_title=item.title,
            owner_name=owner.name,
            due_date=item.due_date,
            days_overdue=clock.days_overdue,
            case_reference=case.reference if case else "",
            reason=reason,
            link=f"{settings.public_url}/api/v1/action-items/{item.id}",
        )
        key = (
            escalation_notice_key(item.id, person.id)
            if kind is NoticeKind.ESCALATED
            else overdue_notice_key(item.id, person.id, clock.today)
        )
        queued += await queue_message(
            compose_notice(facts, sender, now),
            recipient=person.email,
            topic=f"followup.{kind}",
            entity_id=item.id,
            dedupe_key=key,
            now=now,
        )
    return queued


async def _escalate(item: ActionItemView, clock: FollowUpClock, reason: str, now: datetime) -> int:
    """Escalate inside the caller's transaction and notify the parent organisation; returns
    how many notices were queued."""
    owner = await get_organization(item.owner_organization_id)
    parent_id = escalation_target(ActionItemStatus(item.status), owner.parent_id)
    await ActionItem.update(
        {
            ActionItem.status: ActionItemStatus.ESCALATED.value,
            ActionItem.escalated_to: parent_id,
            ActionItem.escalated_at: now,
            ActionItem.escalation_reason: reason,
        }
    ).where(ActionItem.id == item.id)
    await record_event(
        "action_item.escalated",
        "action_item",
        item.id,
        {"escalated_to": str(parent_id), "reason": reason},
    )
    escalated = replace(item, status=ActionItemStatus.ESCALATED.value, escalated_to=parent_id)
    return await queue_notices(escalated, NoticeKind.ESCALATED, clock, now, reason)


async def escalate_action_item(
    viewer: Viewer, item_id: UUID, reason: str, now: datetime
) -> ActionItemView:
    """A coordinator escalates an item to its owner's parent organisation, with a reason."""
    async with write_transaction():
        row = await item_row(viewer, item_id, write=True)
        (item,) = await views_of([row], now)
        await _escalate(item, (await clocks_of([row], now))[item_id], reason, now)
    return await get_action_item(viewer, item_id, now)


@dataclass(frozen=True)
class FollowupRound:
    marked_overdue: int
    notices_queued: int
    escalated: int


async def _follow_up_overdue(
    item: ActionItemView, clock: FollowUpClock, now: datetime, escalate_after_days: int
) -> tuple[bool, int, bool]:
    """(marked overdue now, notices queued, escalated) for one overdue item, in one transaction."""
    owner = await get_organization(item.owner_organization_id)
    marked = clock.stored_status is ActionItemStatus.OPEN
    if marked:
        await ActionItem.update({ActionItem.status: ActionItemStatus.OVERDUE.value}).where(
            ActionItem.id == item.id
        )
        await record_event("action_item.overdue", "action_item", item.id, {})
    if owner.parent_id is not None and due_for_escalation(clock.days_overdue, escalate_after_days):
        reason = f"overdue by {clock.days_overdue} days (escalated by the daily follow-up run)"
        return marked, await _escalate(item, clock, reason, now), True
    return marked, await queue_notices(item, NoticeKind.OVERDUE, clock, now), False


async def run_followup(
    now: datetime, escalate_after_days: int = ESCALATE_AFTER_OVERDUE_DAYS
) -> FollowupRound:
    """Mark overdue items, notify their owners once a day, escalate those overdue for
    ``escalate_after_days`` whose owner has a parent. Safe to run as often as cron likes."""
    rows = await pending_rows()
    clocks = await clocks_of(rows, now)
    marked = queued = escalated = 0
    for item in await views_of(rows, now):
        if item.status != ActionItemStatus.OVERDUE:
            continue
        async with write_transaction():
            was_marked, notices, was_escalated = await _follow_up_overdue(
                item, clocks[item.id], now, escalate_after_days
            )
        marked += was_marked
        queued += notices
        escalated += was_escalated
    return FollowupRound(marked, queued, escalated)
