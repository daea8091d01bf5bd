"""Use cases for action items (follow-up supervision): create, read, list, note, complete."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from piccolo.columns.combination import Combinable  # type: ignore[attr-defined]

from core.access import Viewer
from core.audit import record_event
from core.crud import Row, all_of
from core.db import is_sqlite, write_transaction
from core.errors import Conflict, Forbidden, NotFound
from hearing.cases.clock import local_date
from hearing.followup.supervision import (
    ProgressNote,
    days_overdue,
    effective_status,
    ensure_can_complete,
)
from hearing.jurisdictions.service import jurisdiction_of_case
from hearing.sessions.service import create_session, get_session, recordable_session
from hearing.sessions.views import ParticipantRequest, SessionView
from hearing.tables import ActionItem, Session, SessionParticipant
from hearing.vocabulary import ActionItemStatus
from parties.organizations.service import get_organization
from parties.people.service import get_person

ACTION_ITEM_COLUMNS = (
    ActionItem.id,
    ActionItem.session.as_alias("session_id"),
    ActionItem.session.case.as_alias("case_id"),
    ActionItem.title,
    ActionItem.owner_organization.as_alias("owner_organization_id"),
    ActionItem.due_date,
    ActionItem.assignee.as_alias("assignee_id"),
    ActionItem.status,
    ActionItem.notes,
    ActionItem.escalated_to,
    ActionItem.follow_up_session.as_alias("follow_up_session_id"),
)


@dataclass(frozen=True)
class ActionItemView:
    id: UUID
    session_id: UUID
    title: str
    owner_organization_id: UUID
    due_date: date
    #: As it reads today: a pending item past its due date (and grace) reads ``overdue``.
    status: str
    assignee_id: UUID | None
    case_id: UUID | None = None
    #: Progress notes, oldest first; ``author_id`` is the account that wrote the note.
    notes: tuple[ProgressNote, ...] = ()
    escalated_to: UUID | None = None
    follow_up_session_id: UUID | None = None


@dataclass(frozen=True)
class FollowUpClock:
    """Today in the item's jurisdiction and how many days past due and grace it stands."""

    today: date
    days_overdue: int
    stored_status: ActionItemStatus


@dataclass(frozen=True)
class ActionItemFilter:
    status: ActionItemStatus | None = None
    owner_organization_id: UUID | None = None
    session_id: UUID | None = None


def _notes(stored: Any) -> tuple[ProgressNote, ...]:
    return tuple(
        ProgressNote(datetime.fromisoformat(note["at"]), UUID(note["author_id"]), note["text"])
        for note in stored or ()
    )


async def _clocks(rows: list[Row], now: datetime) -> dict[UUID, tuple[date, int]]:
    """(today, grace days) per case of ``rows``: one jurisdiction lookup per distinct case."""
    clocks: dict[UUID, tuple[date, int]] = {}
    for case_id in {row["case_id"] for row in rows}:
        jurisdiction = await jurisdiction_of_case(case_id)
        today = local_date(now, jurisdiction.timezone)
        clocks[case_id] = (today, jurisdiction.rules.followup_grace_days)
    return clocks


def _view(row: Row, clock: tuple[date, int] | None) -> ActionItemView:
    """The item's view; without a clock its status is the one stored (as last recorded)."""
    status = ActionItemStatus(row["status"])
    if clock is not None:
        today, grace_days = clock
        status = effective_status(status, row["due_date"], today, grace_days)
    return ActionItemView(
        id=row["id"],
        session_id=row["session_id"],
        case_id=row["case_id"],
        title=row["title"],
        owner_organization_id=row["owner_organization_id"],
        due_date=row["due_date"],
        status=status.value,
        assignee_id=row["assignee_id"],
        notes=_notes(row["notes"]),
        escalated_to=row["escalated_to"],
        follow_up_session_id=row["follow_up_session_id"],
    )


async def _rows(where: Combinable | None, *, lock: bool = False) -> list[Row]:
    query = ActionItem.select(*ACTION_ITEM_COLUMNS).output(load_json=True)
    if where is not None:
        query = query.where(where)
    if lock and not is_sqlite():
        # Notes are appended read-modify-write; SQLite's immediate transaction already serialises.
        query = query.lock_rows(of=(ActionItem,))
    rows: list[Row] = await query.order_by(ActionItem.due_date, ActionItem.created_at)
    return rows


async def views_of(rows: list[Row], now: datetime) -> list[ActionItemView]:
    clocks = await _clocks(rows, now)
    return [_view(row, clocks[row["case_id"]]) for row in rows]


async def clocks_of(rows: list[Row], now: datetime) -> dict[UUID, FollowUpClock]:
    """Each item's follow-up clock, keyed by item id (for the daily run)."""
    clocks = await _clocks(rows, now)
    result: dict[UUID, FollowUpClock] = {}
    for row in rows:
        today, grace_days = clocks[row["case_id"]]
        overdue_by = days_overdue(row["due_date"], today, grace_days)
        result[row["id"]] = FollowUpClock(today, overdue_by, ActionItemStatus(row["status"]))
    return result


async def pending_rows() -> list[Row]:
    """Rows of every item still open or marked overdue (for the daily run)."""
    pending = [ActionItemStatus.OPEN.value, ActionItemStatus.OVERDUE.value]
    return await _rows(ActionItem.status.is_in(pending))


def _not_found(item_id: UUID) -> NotFound:
    return NotFound(f"no action item with id {item_id}", code="action_item_not_found", field="id")


async def _sessions_of(person_id: UUID | None) -> list[UUID]:
    if person_id is None:
        return []
    rows = await SessionParticipant.select(SessionParticipant.session).where(
        (SessionParticipant.person == person_id) & (SessionParticipant.removed == False)  # noqa: E712
    )
    return [row["session"] for row in rows]


async def _visible(viewer: Viewer) -> Combinable | None:
    """Staff see every item; a participant only the items of sessions they take part in;
    an archivist none (they read sealed minutes only)."""
    if viewer.is_staff:
        return None
    return ActionItem.session.is_in(
        await _sessions_of(viewer.participant_person_id) or [UUID(int=0)]
    )


async def item_row(viewer: Viewer, item_id: UUID, *, write: bool = False) -> Row:
    """The item's row as ``viewer`` may see it (404 otherwise); writing needs staff (403)."""
    rows = await _rows(all_of([ActionItem.id == item_id, await _visible(viewer)]), lock=write)
    if not rows:
        raise _not_found(item_id)
    if write and not viewer.is_staff:
        raise Forbidden(
            "only coordinators and administrators change action items", code="role_not_allowed"
        )
    return rows[0]


async def get_action_item(viewer: Viewer, item_id: UUID, now: datetime) -> ActionItemView:
    return (await views_of([await item_row(viewer, item_id)], now))[0]


def _stored_statuses(wanted: ActionItemStatus | None) -> tuple[ActionItemStatus, ...]:
    """What may be stored for an item that reads ``wanted``: open and overdue are decided on
    read, so either stored value may read as either."""
    if wanted in (ActionItemStatus.OPEN, ActionItemStatus.OVERDUE):
        return (ActionItemStatus.OPEN, ActionItemStatus.OVERDUE)
    return (wanted,) if wanted else ()


async def list_action_items(
    viewer: Viewer, found_by: ActionItemFilter, limit: int, offset: int, now: datetime
) -> tuple[list[ActionItemView], int]:
    """Items ``viewer`` may see, soonest due first. Open and overdue are told apart on read,
    by each item's jurisdiction's date and grace, so those filters are applied after reading."""
    status = found_by.status
    stored = _stored_statuses(status)
    where = all_of(
        [
            await _visible(viewer),
            ActionItem.owner_organization == found_by.owner_organization_id
            if found_by.owner_organization_id
            else None,
            ActionItem.session == found_by.session_id if found_by.session_id else None,
            ActionItem.status.is_in([s.value for s in stored]) if stored else None,
        ]
    )
    views = await views_of(await _rows(where), now)
    matching = [view for view in views if status is None or view.status == status]
    return matching[offset : offset + limit], len(matching)


async def action_items_of(session_id: UUID) -> tuple[ActionItemView, ...]:
    """Every item of a session as recorded, for its record and minutes (the caller decided
    access). The status is the stored one, so that a record read twice reads the same; the
    live reading, overdue at once, is ``get_action_item``'s and ``list_action_items``'."""
    return tuple(_view(row, None) for row in await _rows(ActionItem.session == session_id))


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


@dataclass(frozen=True)
class NewActionItem:
    title: str
    owner_organization_id: UUID
    due_date: date
    assignee_id: UUID | None = None


async def add_action_items(
    session_id: UUID, new_items: Iterable[NewActionItem], now: datetime
) -> list[UUID]:
    """Store open items of a session inside the caller's transaction (agreements use it too)."""
    ids = []
    for new in new_items:
        await _ensure_owner_and_assignee(new.owner_organization_id, new.assignee_id)
        item = ActionItem(
            session=session_id,
            title=new.title,
            owner_organization=new.owner_organization_id,
            due_date=new.due_date,
            assignee=new.assignee_id,
            status=ActionItemStatus.OPEN.value,
            created_at=now,
        )
        await item.save()
        await record_event("action_item.created", "action_item", item.id, {"title": new.title})
        ids.append(item.id)
    return ids


async def create_action_item(
    session_id: UUID,
    title: str,
    owner_organization_id: UUID,
    due_date: date,
    assignee_id: UUID | None,
    now: datetime,
) -> ActionItemView:
    new = NewActionItem(title, owner_organization_id, due_date, assignee_id)
    async with write_transaction():
        await recordable_session(session_id, now)
        (item_id,) = await add_action_items(session_id, [new], now)
    return (await views_of(await _rows(ActionItem.id == item_id), now))[0]


async def add_note(viewer: Viewer, item_id: UUID, text: str, now: datetime) -> ActionItemView:
    async with write_transaction():
        row = await item_row(viewer, item_id, write=True)
        note = {"at": now.isoformat(), "author_id": str(viewer.account_id), "text": text}
        await ActionItem.update({ActionItem.notes: [*(row["notes"] or []), note]}).where(
            ActionItem.id == item_id
        )
        await record_event("action_item.noted", "action_item", item_id, {"text": text})
    return await get_action_item(viewer, item_id, now)


async def update_action_item(
    viewer: Viewer, item_id: UUID, changes: dict[str, Any], now: datetime
) -> ActionItemView:
    """Change title, due date or assignee, or close the item (``status: done``, needs a note)."""
    async with write_transaction():
        row = await item_row(viewer, item_id, write=True)
        values: dict[Any, Any] = {}
        if changes.get("status") == ActionItemStatus.DONE:
            ensure_can_complete(_notes(row["notes"]))
            values[ActionItem.status] = ActionItemStatus.DONE.value
        if "assignee_id" in changes or "owner_organization_id" in changes:
            await _ensure_owner_and_assignee(
                changes.get("owner_organization_id") or row["owner_organization_id"],
                changes.get("assignee_id"),
            )
        names = {"title": "title", "due_date": "due_date", "assignee_id": "assignee"}
        names["owner_organization_id"] = "owner_organization"
        values.update({names[key]: value for key, value in changes.items() if key in names})
        if values:
            await ActionItem.update(values).where(ActionItem.id == item_id)
        await record_event(
            "action_item.updated",
            "action_item",
            item_id,
            {key: str(value) for key, value in changes.items()},
        )
    return await get_action_item(viewer, item_id, now)


@dataclass(frozen=True)
class FollowUpSession:
    kind: str
    title: str
    duration_minutes: int
    participants: list[ParticipantRequest]
    locale: str = "zh-CN"
    agenda: tuple[str, ...] = ()


async def create_follow_up_session(
    viewer: Viewer, item_id: UUID, wanted: FollowUpSession, now: datetime
) -> SessionView:
    """Compose a session on the item's case to follow it up, linked both ways: the item names
    the session and the session names the item. An item has one follow-up session."""
    async with write_transaction():
        row = await item_row(viewer, item_id, write=True)
        if row["follow_up_session_id"] is not None:
            raise Conflict(
                f"the item is already followed up by session {row['follow_up_session_id']}",
                code="follow_up_session_exists",
                field="id",
            )
        session = await create_session(
            kind=wanted.kind,
            case_id=row["case_id"],
            title=wanted.title,
            duration_minutes=wanted.duration_minutes,
            locale=wanted.locale,
            participants=wanted.participants,
            agenda=list(wanted.agenda),
            now=now,
        )
        await Session.update({Session.follow_up_of: item_id}).where(Session.id == session.id)
        await ActionItem.update({ActionItem.follow_up_session: session.id}).where(
            ActionItem.id == item_id
        )
        await record_event(
            "action_item.follow_up_session",
            "action_item",
            item_id,
            {"session_id": str(session.id)},
        )
    return await get_session(session.id)
