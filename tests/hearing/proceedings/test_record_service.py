"""The session record through the services, on the engine DATABASE_URL selects."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from core.access import Role
from core.db import write_transaction
from core.errors import Conflict, NotFound, RuleViolation
from hearing.followup import service as followup
from hearing.proceedings import service as record
from hearing.proceedings.service import AttendanceView, NewPosition, OutcomeView
from hearing.proceedings.steps import service as steps
from hearing.proceedings.steps.service import StepTaken
from hearing.sessions import service as hearing
from hearing.sessions.views import SessionView
from hearing.vocabulary import PartStat
from parties.organizations import service as organizations
from scheduling.booking import service as booking_service
from tests.support.builders import make_room, mediation_session
from tests.support.flow import next_weekday_at
from tests.support.viewers import viewer

STAFF = viewer(Role.COORDINATOR)


async def booked(suffix: str) -> tuple[SessionView, datetime]:
    """A mediation booked ten days after the moment it was booked at, with its start."""
    session, _ = await mediation_session(suffix, agenda=["补偿标准"])
    start = next_weekday_at(10)
    now = start - timedelta(days=10)
    await booking_service.book_session(session.id, start, await make_room(suffix), now)
    return session, start


async def test_attendance_recorded_again_replaces_the_first(db) -> None:
    session, start = await booked("r1")
    petitioner = session.participants[0].person_id
    await record.record_attendance(session.id, petitioner, "absent_unexcused", None, start)
    again = await record.record_attendance(session.id, petitioner, "present", "late", start)

    assert again == AttendanceView(petitioner, "present", "late", False, start)
    assert (await record.session_record(session.id)).attendance == (again,)


async def consented(session: SessionView, at: datetime) -> None:
    """Both parties consent and the consent step is done: statements may begin (rule 4)."""
    for party in (p for p in session.participants if p.role in ("petitioner", "department")):
        await steps.record_consent(STAFF, session.id, party.person_id, True, at)
    await steps.advance_procedure(
        STAFF,
        session.id,
        StepTaken("consent"),
        at,
        people_left=booking_service.release_removed_people,
    )


async def test_no_position_is_recorded_before_every_party_consents(db) -> None:
    session, start = await booked("r0")
    with pytest.raises(RuleViolation) as caught:
        await record.record_position(
            session.id, NewPosition(session.participants[0].person_id, "补偿标准", "过低"), start
        )
    assert caught.value.code == "consent_missing"


async def test_positions_are_kept_in_order_with_every_field(db) -> None:
    session, start = await booked("r2")
    await consented(session, start)
    first, second = (p.person_id for p in session.participants[:2])
    said = await record.record_position(
        session.id,
        NewPosition(first, "补偿标准", "补偿过低", requests="重新评估", evidence="评估报告"),
        start,
    )
    replied = await record.record_position(
        session.id, NewPosition(second, "补偿标准", "符合规定", legal_basis="《条例》"), start
    )

    positions = (await record.session_record(session.id)).positions
    assert positions == (said, replied)
    assert (said.person_id, said.requests, said.evidence, said.legal_basis) == (
        first,
        "重新评估",
        "评估报告",
        None,
    )


async def test_outcomes_and_action_items_make_up_the_record_with_the_case(db) -> None:
    session, start = await booked("r3")
    outcome = await record.record_outcome(session.id, "补偿标准", "agreed", "按市场价", start)
    owner = await organizations.create_organization("住建局", "government_department")
    item = await followup.create_action_item(
        session.id, "重新评估", owner.id, date(2027, 6, 1), None, start
    )

    whole = await record.session_record(session.id)
    assert whole.outcomes == (OutcomeView(outcome.id, "补偿标准", "agreed", "按市场价"),)
    assert [(i.id, i.status, i.owner_organization_id) for i in whole.action_items] == [
        (item.id, "open", owner.id)
    ]
    assert (whole.session.id, whole.case.id) == (session.id, session.case_id)
    assert whole.case.reference == "XF-r3"


async def test_an_unscheduled_session_has_no_record_to_write(db) -> None:
    session, _ = await mediation_session("r5")
    with pytest.raises(RuleViolation) as caught:
        await record.record_outcome(session.id, "补偿标准", "agreed", None, next_weekday_at(10))
    assert caught.value.code == "session_not_booked"


async def test_the_record_is_read_by_staff_and_its_participants_only(db) -> None:
    session, _ = await booked("r6")
    other, _ = await booked("r7")
    petitioner = session.participants[0].person_id

    staff_read = await record.session_record_for(viewer(Role.COORDINATOR), other.id)
    assert staff_read.session.id == other.id
    own = await record.session_record_for(viewer(Role.PARTICIPANT, petitioner), session.id)
    assert own.session.id == session.id
    with pytest.raises(NotFound) as caught:
        await record.session_record_for(viewer(Role.PARTICIPANT, petitioner), other.id)
    assert (caught.value.code, caught.value.field) == ("session_not_found", "id")


async def test_a_position_off_the_agenda_is_refused(db) -> None:
    session, start = await booked("r8")
    with pytest.raises(RuleViolation) as caught:
        await record.record_position(
            session.id, NewPosition(session.participants[0].person_id, "精神损失", "赔偿"), start
        )
    assert (caught.value.code, caught.value.field) == ("unknown_agenda_item", "agenda_item")


async def test_an_amended_position_keeps_every_version(db) -> None:
    session, start = await booked("r9")
    await consented(session, start)
    speaker = session.participants[0].person_id
    first = await record.record_position(
        session.id, NewPosition(speaker, "补偿标准", "补偿过低"), start
    )
    later = start + timedelta(minutes=30)
    amended = await record.record_position(
        session.id, NewPosition(speaker, "补偿标准", "可接受评估价", requests="按评估价"), later
    )

    assert (first.version, amended.version) == (1, 2)
    (current,) = (await record.session_record(session.id)).positions
    assert (current.id, current.statement, current.requests) == (
        amended.id,
        "可接受评估价",
        "按评估价",
    )
    assert [(v.version, v.statement, v.superseded_at) for v in current.versions] == [
        (1, "补偿过低", later),
        (2, "可接受评估价", None),
    ]


async def test_the_record_opens_an_hour_before_the_start(db) -> None:
    session, start = await booked("r10")
    petitioner = session.participants[0].person_id
    with pytest.raises(RuleViolation) as caught:
        await record.record_attendance(
            session.id, petitioner, "present", None, start - timedelta(minutes=61)
        )
    assert caught.value.code == "session_not_started"
    opened = await record.record_attendance(
        session.id, petitioner, "present", None, start - timedelta(minutes=60)
    )
    assert opened.status == "present"


async def test_sealed_minutes_freeze_the_record_and_the_booking(db) -> None:
    session, start = await booked("r11")
    sealed_at = start + timedelta(hours=3)
    async with write_transaction():
        await hearing.freeze_session(session.id, sealed_at)
    later = sealed_at + timedelta(days=1)
    owner = await organizations.create_organization("住建局", "government_department")
    writes = [
        record.record_outcome(session.id, "补偿标准", "agreed", None, later),
        record.record_attendance(
            session.id, session.participants[0].person_id, "present", None, later
        ),
        followup.create_action_item(session.id, "复核", owner.id, date(2027, 6, 1), None, later),
        booking_service.reschedule_session(
            session.id, start + timedelta(days=7), await make_room("r11b"), "改期", later
        ),
        booking_service.cancel_session(session.id, "撤销", later),
        booking_service.remove_participant(session.id, session.participants[0].person_id, later),
        hearing.set_partstat(session.id, session.participants[0].person_id, PartStat.DECLINED),
    ]
    for write in writes:
        with pytest.raises(Conflict) as caught:
            await write
        assert caught.value.code == "minutes_sealed"
    assert (await hearing.get_session(session.id)).minutes_sealed_at == sealed_at
