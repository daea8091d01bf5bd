"""Follow-up supervision (督办): when an action item reads overdue, when it may be closed,
where it escalates, and when the daily run escalates it by itself.

Days are the jurisdiction's local dates. An item is due on its due date inclusive; it is
overdue once the jurisdiction's ``followup_grace_days`` after that date have also passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from core.errors import Conflict, RuleViolation
from hearing.vocabulary import ActionItemStatus

#: ``concord followup run`` escalates an item that has been overdue this many days and whose
#: owner has a parent organisation: a week of daily notices to the owner is the warning it gets.
ESCALATE_AFTER_OVERDUE_DAYS = 7

#: Statuses whose overdue reading is decided by the date, not by what was stored.
_PENDING = frozenset({ActionItemStatus.OPEN, ActionItemStatus.OVERDUE})


@dataclass(frozen=True)
class ProgressNote:
    at: datetime
    author_id: UUID
    text: str


def days_overdue(due_date: date, today: date, grace_days: int) -> int:
    """How many days past its due date and grace the item is (0 or less: not overdue)."""
    return (today - (due_date + timedelta(days=grace_days))).days


def effective_status(
    stored: ActionItemStatus, due_date: date, today: date, grace_days: int
) -> ActionItemStatus:
    """The status an item reads as today: a pending item past due and grace is overdue at once,
    whether or not the daily run has marked it yet; done and escalated stay as they are."""
    if stored not in _PENDING:
        return stored
    if days_overdue(due_date, today, grace_days) > 0:
        return ActionItemStatus.OVERDUE
    return ActionItemStatus.OPEN


def ensure_can_complete(notes: tuple[ProgressNote, ...]) -> None:
    """An item is closed as done only with at least one progress note saying what was done."""
    if not notes:
        raise RuleViolation(
            "an action item is marked done only after a progress note records what was done",
            code="progress_note_required",
            field="status",
        )


def escalation_target(current: ActionItemStatus, owner_parent_id: UUID | None) -> UUID:
    """The organisation an item escalates to: its owner's parent."""
    if current is ActionItemStatus.DONE:
        raise Conflict("a done action item is not escalated", code="action_item_done", field="id")
    if current is ActionItemStatus.ESCALATED:
        raise Conflict(
            "the action item was already escalated", code="action_item_escalated", field="id"
        )
    if owner_parent_id is None:
        raise RuleViolation(
            "the owner organisation has no parent organisation to escalate to",
            code="owner_has_no_parent_organization",
            field="owner_organization_id",
        )
    return owner_parent_id


def due_for_escalation(overdue_by: int, after_days: int = ESCALATE_AFTER_OVERDUE_DAYS) -> bool:
    """Whether the daily run escalates an item overdue by ``overdue_by`` days by itself."""
    return overdue_by > 0 and overdue_by >= after_days


def overdue_notice_key(item_id: UUID, recipient_id: UUID, today: date) -> str:
    """One overdue notice per item, recipient and local day, however often the run is started."""
    return f"followup.overdue:{item_id}:{recipient_id}:{today.isoformat()}"


def escalation_notice_key(item_id: UUID, recipient_id: UUID) -> str:
    """An item escalates once, so each recipient hears of it once."""
    return f"followup.escalated:{item_id}:{recipient_id}"
