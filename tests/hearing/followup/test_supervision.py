"""The rules of follow-up supervision, without a database: overdue on read, closing needs a
note, escalation goes to the owner's parent, the daily run's threshold and dedupe keys."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from core.errors import Conflict, RuleViolation
from hearing.followup.supervision import (
    ESCALATE_AFTER_OVERDUE_DAYS,
    ProgressNote,
    days_overdue,
    due_for_escalation,
    effective_status,
    ensure_can_complete,
    escalation_notice_key,
    escalation_target,
    overdue_notice_key,
)
from hearing.vocabulary import ActionItemStatus as Status

DUE = date(2027, 3, 10)


def test_an_open_item_is_still_open_on_its_due_date() -> None:
    assert effective_status(Status.OPEN, DUE, DUE, 0) is Status.OPEN


def test_an_open_item_reads_overdue_the_day_after_its_due_date() -> None:
    assert effective_status(Status.OPEN, DUE, date(2027, 3, 11), 0) is Status.OVERDUE


def test_grace_days_postpone_overdue_by_exactly_their_number() -> None:
    assert effective_status(Status.OPEN, DUE, date(2027, 3, 13), 3) is Status.OPEN
    assert effective_status(Status.OPEN, DUE, date(2027, 3, 14), 3) is Status.OVERDUE


def test_an_item_marked_overdue_reads_open_again_when_its_due_date_moves_later() -> None:
    assert effective_status(Status.OVERDUE, date(2027, 4, 1), DUE, 0) is Status.OPEN


@pytest.mark.parametrize("stored", [Status.DONE, Status.ESCALATED])
def test_done_and_escalated_items_never_read_overdue(stored: Status) -> None:
    assert effective_status(stored, DUE, date(2028, 1, 1), 0) is stored


def test_days_overdue_counts_from_the_end_of_the_grace() -> None:
    assert days_overdue(DUE, date(2027, 3, 20), 2) == 8
    assert days_overdue(DUE, DUE, 0) == 0


def test_an_item_without_a_progress_note_cannot_be_done() -> None:
    with pytest.raises(RuleViolation) as caught:
        ensure_can_complete(())
    assert (caught.value.code, caught.value.field) == ("progress_note_required", "status")


def test_one_progress_note_is_enough_to_close_an_item() -> None:
    ensure_can_complete((ProgressNote(datetime(2027, 3, 1, tzinfo=UTC), uuid4(), "已整改"),))


def test_an_item_escalates_to_its_owners_parent() -> None:
    parent = uuid4()
    assert escalation_target(Status.OVERDUE, parent) == parent
    assert escalation_target(Status.OPEN, parent) == parent


def test_an_owner_without_a_parent_has_nowhere_to_escalate() -> None:
    with pytest.raises(RuleViolation) as caught:
        escalation_target(Status.OVERDUE, None)
    assert caught.value.code == "owner_has_no_parent_organization"
    assert caught.value.field == "owner_organization_id"


@pytest.mark.parametrize(
    ("status", "code"),
    [(Status.DONE, "action_item_done"), (Status.ESCALATED, "action_item_escalated")],
)
def test_done_or_already_escalated_items_do_not_escalate(status: Status, code: str) -> None:
    with pytest.raises(Conflict) as caught:
        escalation_target(status, uuid4())
    assert caught.value.code == code


def test_the_daily_run_escalates_from_the_threshold_on() -> None:
    assert not due_for_escalation(ESCALATE_AFTER_OVERDUE_DAYS - 1)
    assert due_for_escalation(ESCALATE_AFTER_OVERDUE_DAYS)


def test_an_item_that_is_not_overdue_is_never_due_for_escalation_even_at_threshold_zero() -> None:
    assert not due_for_escalation(0, after_days=0)
    assert due_for_escalation(1, after_days=0)


def test_overdue_notices_are_keyed_per_item_recipient_and_day() -> None:
    item, person = uuid4(), uuid4()
    today = date(2027, 3, 11)
    assert overdue_notice_key(item, person, today) == overdue_notice_key(item, person, today)
    assert overdue_notice_key(item, person, today) != overdue_notice_key(
        item, person, date(2027, 3, 12)
    )
    assert overdue_notice_key(item, person, today) != overdue_notice_key(item, uuid4(), today)
    assert escalation_notice_key(item, person) != escalation_notice_key(item, uuid4())
