"""Follow-up supervision through the services, on the engine DATABASE_URL selects: overdue on
the jurisdiction's date, notes and closing, access, escalation, follow-up sessions, the run."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from core.access import Role, Viewer
from core.errors import Conflict, Forbidden, NotFound, RuleViolation
from core.outbox import service as outbox
from core.settings import get_settings
from hearing.followup import escalation
from hearing.followup import service as followup
from hearing.followup.service import ActionItemFilter, FollowUpSession
from hearing.jurisdictions import service as jurisdictions
from hearing.sessions.service import get_session
from hearing.sessions.views import ParticipantRequest, SessionView
from hearing.vocabulary import ActionItemStatus
from parties.organizations import service as organizations
from scheduling.booking import service as booking_service
from tests.support.builders import make_room, mediation_session, person
from tests.support.flow import next_weekday_at

STAFF = Viewer(uuid4(), "coordinator@test.example", Role.COORDINATOR, None)
ADMIN = Viewer(uuid4(), "admin@test.example", Role.ADMIN, None)
#: 17:00 UTC on 10 March is already 11 March in Shanghai, the default jurisdiction's zone.
EVENING_UTC = datetime(2027, 3, 10, 17, 0, tzinfo=UTC)
DUE = date(2027, 3, 10)


def participant(person_id: UUID) -> Viewer:
    return Viewer(uuid4(), "p@test.example", Role.PARTICIPANT, person_id)


def role_of(session: SessionView, role: str) -> UUID:
    return next(p.person_id for p in session.participants if p.role == role)


async def booked(suffix: str) -> SessionView:
    session, _ = await mediation_session(suffix)
    start = next_weekday_at(10)
    await booking_service.book_session(
        session.id, start, await make_room(suffix), start - timedelta(days=10)
    )
    return session


async def item_of(session: SessionView, owner: UUID, due: date = DUE) -> UUID:
    item = await followup.create_action_item(
        session.id, "补发过渡费", owner, due, None, EVENING_UTC
    )
    return item.id


async def test_an_item_past_due_on_the_jurisdictions_date_reads_overdue_at_once(db) -> None:
    session = await booked("s1")
    bureau = await organizations.create_organization("住建局", "government_department")
    overdue = await item_of(session, bureau.id)
    later = await item_of(session, bureau.id, DUE + timedelta(days=1))

    assert (await followup.get_action_item(STAFF, overdue, EVENING_UTC)).status == "overdue"
    assert (await followup.get_action_item(STAFF, later, EVENING_UTC)).status == "open"
    found, total = await followup.list_action_items(
        STAFF, ActionItemFilter(ActionItemStatus.OVERDUE, bureau.id), 50, 0, EVENING_UTC
    )
    assert ([item.id for item in found], total) == ([overdue], 1)
    still_open, _ = await followup.list_action_items(
        STAFF, ActionItemFilter(ActionItemStatus.OPEN), 50, 0, EVENING_UTC
    )
    assert [item.id for item in still_open] == [later]


async def test_the_jurisdictions_grace_days_keep_an_item_open_longer(db) -> None:
    await jurisdictions.ensure_default_jurisdiction(get_settings(), EVENING_UTC)
    await jurisdictions.update_jurisdiction(
        ADMIN, jurisdictions.DEFAULT_JURISDICTION_ID, {"rules": {"followup_grace_days": 2}}
    )
    session = await booked("s2")
    bureau = await organizations.create_organization("住建局", "government_department")
    item = await item_of(session, bureau.id)

    assert (await followup.get_action_item(STAFF, item, EVENING_UTC)).status == "open"
    three_days_on = EVENING_UTC + timedelta(days=2)
    assert (await followup.get_action_item(STAFF, item, three_days_on)).status == "overdue"


async def test_an_item_is_done_only_after_a_progress_note(db) -> None:
    session = await booked("s3")
    bureau = await organizations.create_organization("住建局", "government_department")
    item = await item_of(session, bureau.id)
    with pytest.raises(RuleViolation) as caught:
        await followup.update_action_item(STAFF, item, {"status": "done"}, EVENING_UTC)
    assert caught.value.code == "progress_note_required"

    await followup.add_note(STAFF, item, "已发放一半", EVENING_UTC)
    noted = await followup.add_note(STAFF, item, "全部发放", EVENING_UTC + timedelta(hours=1))
    assert [(n.text, n.author_id) for n in noted.notes] == [
        ("已发放一半", STAFF.account_id),
        ("全部发放", STAFF.account_id),
    ]
    done = await followup.update_action_item(STAFF, item, {"status": "done"}, EVENING_UTC)
    assert done.status == "done"


async def test_a_participant_reads_only_the_items_of_their_own_sessions(db) -> None:
    own, other = await booked("s4"), await booked("s5")
    bureau = await organizations.create_organization("住建局", "government_department")
    mine, theirs = await item_of(own, bureau.id), await item_of(other, bureau.id)
    petitioner = participant(role_of(own, "petitioner"))

    found, total = await followup.list_action_items(
        petitioner, ActionItemFilter(), 50, 0, EVENING_UTC
    )
    assert ([item.id for item in found], total) == ([mine], 1)
    assert (await followup.get_action_item(petitioner, mine, EVENING_UTC)).id == mine
    with pytest.raises(NotFound):
        await followup.get_action_item(petitioner, theirs, EVENING_UTC)
    with pytest.raises(NotFound):
        await followup.add_note(petitioner, theirs, "x", EVENING_UTC)
    with pytest.raises(Forbidden):
        await followup.add_note(petitioner, mine, "x", EVENING_UTC)


async def test_escalation_goes_to_the_parent_once_and_notifies_its_people(db) -> None:
    session = await booked("s6")
    city = await organizations.create_organization("市政府督查室", "government_department")
    bureau = await organizations.create_organization("住建局", "government_department", city.id)
    await person("陈督查", "chen@ducha.cn", city.id, locale="en")
    item = await item_of(session, bureau.id)

    escalated = await escalation.escalate_action_item(STAFF, item, "逾期", EVENING_UTC)
    assert (escalated.status, escalated.escalated_to) == ("escalated", city.id)
    notices, total = await outbox.list_messages(10, 0, entity_id=str(item))
    assert total == 1
    assert notices[0]["recipient"] == "chen@ducha.cn"
    assert notices[0]["subject"].startswith("Supervision notice")
    with pytest.raises(Conflict) as caught:
        await escalation.escalate_action_item(STAFF, item, "again", EVENING_UTC)
    assert caught.value.code == "action_item_escalated"


async def test_a_follow_up_session_is_linked_both_ways_and_only_once(db) -> None:
    session = await booked("s7")
    bureau = await organizations.create_organization("住建局", "government_department")
    item = await item_of(session, bureau.id)
    wanted = FollowUpSession(
        kind="mediation",
        title="回访",
        duration_minutes=60,
        participants=[
            ParticipantRequest(p.person_id, p.role)
            for p in (await get_session(session.id)).participants
        ],
    )
    follow_up = await followup.create_follow_up_session(STAFF, item, wanted, EVENING_UTC)
    assert (follow_up.follow_up_of, follow_up.case_id) == (item, session.case_id)
    assert (await followup.get_action_item(STAFF, item, EVENING_UTC)).follow_up_session_id == (
        follow_up.id
    )
    with pytest.raises(Conflict) as caught:
        await followup.create_follow_up_session(STAFF, item, wanted, EVENING_UTC)
    assert caught.value.code == "follow_up_session_exists"


async def test_the_daily_run_marks_notifies_once_a_day_and_escalates_after_the_threshold(
    db,
) -> None:
    session = await booked("s8")
    city = await organizations.create_organization("市政府督查室", "government_department")
    bureau = await organizations.create_organization("住建局", "government_department", city.id)
    await person("王科长", "wang@zhujian.cn", bureau.id)
    await person("陈督查", "chen@ducha.cn", city.id)
    late = await item_of(session, bureau.id)
    long_late = await item_of(session, bureau.id, DUE - timedelta(days=10))
    await item_of(session, bureau.id, DUE + timedelta(days=5))

    first = await escalation.run_followup(EVENING_UTC)
    assert (first.marked_overdue, first.notices_queued, first.escalated) == (2, 2, 1)
    assert (await followup.get_action_item(STAFF, late, EVENING_UTC)).status == "overdue"
    assert (await followup.get_action_item(STAFF, long_late, EVENING_UTC)).status == "escalated"
    again = await escalation.run_followup(EVENING_UTC + timedelta(hours=2))
    assert (again.marked_overdue, again.notices_queued, again.escalated) == (0, 0, 0)
    next_day = await escalation.run_followup(EVENING_UTC + timedelta(days=1))
    assert next_day.notices_queued == 1
