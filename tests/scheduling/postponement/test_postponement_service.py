"""Postponing, suspending and resuming a session through the services (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

import pytest

from core.errors import Conflict, Forbidden, NotFound, RuleViolation
from core.outbox.service import list_messages
from hearing.proceedings.steps import service as steps
from hearing.proceedings.steps.service import StepTaken
from hearing.public import service as public
from hearing.sessions import service as hearing
from scheduling.availability.service import load_availability
from scheduling.booking import service as booking_service
from scheduling.intervals import Interval
from scheduling.postponement import service as postponement
from tests.hearing.proceedings.test_procedure_service import (
    STAFF,
    booked_hearing,
    booked_mediation,
    participant,
    role_of,
)
from tests.support.builders import booked_public_hearing

LEFT = booking_service.release_removed_people


async def _is_busy(person_id: UUID, start: datetime | None, end: datetime | None) -> bool:
    assert start is not None and end is not None
    slot = Interval(start, end)
    return (await load_availability([person_id], slot)).people[person_id].is_busy_during(slot)


async def test_a_postponed_hearing_frees_its_time_and_takes_no_record_writes(db) -> None:
    session, start = await booked_hearing("pp1")
    petitioner = role_of(session, "petitioner")[0]
    assert await _is_busy(petitioner, session.start, session.end)
    now = start - timedelta(days=3)

    postponed = await postponement.postpone_session(STAFF, session.id, "主持人病假", now)

    assert postponed.status == "postponed"
    assert not await _is_busy(petitioner, session.start, session.end)
    [interruption] = (await steps.procedure_for(STAFF, session.id)).interruptions
    assert (interruption.kind, interruption.reason, interruption.at) == (
        "postponed",
        "主持人病假",
        now,
    )
    with pytest.raises(Conflict) as caught:
        await steps.advance_procedure(
            STAFF, session.id, StepTaken("identities_checked"), start, people_left=LEFT
        )
    assert caught.value.code == "session_suspended"


async def test_a_postponement_needs_grounds_and_a_session_not_yet_begun(db) -> None:
    session, start = await booked_hearing("pp2")
    with pytest.raises(RuleViolation) as caught:
        await postponement.postpone_session(STAFF, session.id, " ", start - timedelta(days=1))
    assert caught.value.code == "reason_required"
    with pytest.raises(Conflict) as caught:
        await postponement.postpone_session(STAFF, session.id, "r", start + timedelta(minutes=5))
    assert caught.value.code == "session_started"
    assert (await hearing.get_session(session.id)).status == "scheduled"


async def test_a_resumed_public_hearing_needs_the_full_notice_again(db) -> None:
    session, start = await booked_hearing("pp3")
    now = start - timedelta(days=3)
    await postponement.postpone_session(STAFF, session.id, "场地停电", now)
    assert session.room_id is not None
    with pytest.raises(RuleViolation) as caught:
        await postponement.resume_session(
            STAFF, session.id, start + timedelta(days=1), session.room_id, now
        )
    assert caught.value.code == "notice_too_short"
    queued_before = (await list_messages(100, 0, entity_id=str(session.id)))[1]

    new_start = start + timedelta(days=7)
    resumed = await postponement.resume_session(STAFF, session.id, new_start, session.room_id, now)

    assert (resumed.status, resumed.start, resumed.sequence) == (
        "scheduled",
        new_start,
        session.sequence + 2,
    )
    queued_after = (await list_messages(100, 0, entity_id=str(session.id)))[1]
    assert queued_after - queued_before == len(session.participants)
    [interruption] = (await steps.procedure_for(STAFF, session.id)).interruptions
    assert interruption.resumed_at == now
    with pytest.raises(Conflict) as again:
        await postponement.resume_session(STAFF, session.id, new_start, session.room_id, now)
    assert again.value.code == "session_not_suspended"


async def test_a_suspended_hearing_resumes_at_the_step_where_it_stopped(db) -> None:
    session, start = await booked_hearing("pp4")
    await steps.advance_procedure(
        STAFF, session.id, StepTaken("identities_checked"), start, people_left=LEFT
    )
    halted_at = start + timedelta(minutes=20)
    with pytest.raises(Conflict) as caught:
        await postponement.postpone_session(STAFF, session.id, "r", halted_at)
    assert caught.value.code == "session_started"
    suspended = await postponement.suspend_session(STAFF, session.id, "证人未到", halted_at)
    assert suspended.status == "suspended"
    assert session.room_id is not None
    new_start = start + timedelta(days=14)

    await postponement.resume_session(STAFF, session.id, new_start, session.room_id, halted_at)

    view = await steps.advance_procedure(
        STAFF, session.id, StepTaken("matter_and_panel_announced"), new_start, people_left=LEFT
    )
    assert [s.status for s in view.steps[:3]] == ["done", "done", "current"]
    assert view.interruptions[0].kind == "suspended"


async def test_a_mediation_is_suspended_only_once_it_has_begun(db) -> None:
    session, start = await booked_mediation("pp5")
    with pytest.raises(Conflict) as caught:
        await postponement.suspend_session(STAFF, session.id, "r", start - timedelta(hours=2))
    assert caught.value.code == "session_not_in_progress"
    suspended = await postponement.suspend_session(STAFF, session.id, "调解员临时离场", start)
    assert suspended.status == "suspended"


async def test_only_staff_interrupt_and_a_stranger_learns_nothing(db) -> None:
    session, start = await booked_hearing("pp6")
    other, _ = await booked_hearing("pp7")
    petitioner = participant(role_of(session, "petitioner")[0])
    now = start - timedelta(days=2)
    with pytest.raises(Forbidden):
        await postponement.postpone_session(petitioner, session.id, "r", now)
    with pytest.raises(NotFound):
        await postponement.postpone_session(petitioner, other.id, "r", now)
    await postponement.postpone_session(STAFF, session.id, "r", now)
    assert session.room_id is not None
    with pytest.raises(Forbidden):
        await postponement.resume_session(
            petitioner, session.id, start + timedelta(days=7), session.room_id, now
        )
    assert (await hearing.get_session(session.id)).status == "postponed"


async def test_a_postponed_public_hearing_tells_its_observers_a_new_time_will_follow(db) -> None:
    session, start = await booked_public_hearing("pp-o", public_seats=1)
    now = start - timedelta(days=3)
    for name, email in (("甲", "a@x.cn"), ("乙", "b@x.cn")):
        await public.register_observer(session.id, name, email, now)
    await postponement.postpone_session(STAFF, session.id, "听证员回避后需重组", now)
    messages, _ = await list_messages(20, 0, entity_id=str(session.id))
    told = sorted(m["recipient"] for m in messages if m["topic"] == "observer.postponed")
    assert told == ["a@x.cn", "b@x.cn"]  # seated and waiting alike
    [subject] = {m["subject"] for m in messages if m["topic"] == "observer.postponed"}
    assert subject == "延期通知：公开听证 / Postponed: 公开听证"
