"""The order of proceedings, consent and ending a mediation, through the services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from core.access import Role, Viewer
from core.errors import Conflict, Forbidden, NotFound, RuleViolation
from hearing.cases import service as cases
from hearing.proceedings import service as record
from hearing.proceedings.steps import service as steps
from hearing.proceedings.steps.service import StepTaken
from hearing.sessions import service as hearing
from hearing.sessions.views import SessionView
from parties.people import service as parties
from scheduling.booking import service as booking_service
from scheduling.rooms import service as rooms
from tests.support.builders import make_room, mediation_session, public_hearing_session
from tests.support.flow import next_weekday_at

STAFF = Viewer(uuid4(), "coordinator@test.example", Role.COORDINATOR, None)


def participant(person_id: UUID) -> Viewer:
    return Viewer(uuid4(), "p@test.example", Role.PARTICIPANT, person_id)


async def booked_mediation(suffix: str) -> tuple[SessionView, datetime]:
    session, _ = await mediation_session(suffix)
    start = next_weekday_at(10)
    await booking_service.book_session(
        session.id, start, await make_room(suffix), start - timedelta(days=10)
    )
    return await hearing.get_session(session.id), start


async def booked_hearing(suffix: str, officers: int = 3) -> tuple[SessionView, datetime]:
    session = await public_hearing_session(suffix, officers)
    start = next_weekday_at(10)
    room = await rooms.create_room(
        {"name": f"听证室 {suffix}", "capacity": 12, "timezone": "Asia/Shanghai"}
    )
    await booking_service.book_session(session.id, start, room.id, start - timedelta(days=10))
    return await hearing.get_session(session.id), start


async def advance(session_id: UUID, taken: StepTaken, at: datetime) -> steps.ProcedureView:
    """Staff take a step; recused officers leave the booking too, as the app wires it."""
    return await steps.advance_procedure(
        STAFF, session_id, taken, at, people_left=booking_service.release_removed_people
    )


def role_of(session: SessionView, role: str) -> list[UUID]:
    return [p.person_id for p in session.participants if p.role == role]


async def test_who_spoke_is_kept_with_the_step_and_must_take_part(db) -> None:
    session, start = await booked_hearing("s1w")
    petitioner = role_of(session, "petitioner")[0]
    with pytest.raises(RuleViolation) as caught:
        await advance(
            session.id, StepTaken("identities_checked", speakers=(petitioner, uuid4())), start
        )
    assert (caught.value.code, caught.value.field) == ("not_a_participant", "speakers[1]")
    view = await advance(session.id, StepTaken("identities_checked", speakers=(petitioner,)), start)
    assert view.steps[0].speakers == (petitioner,)


async def test_the_first_step_starts_at_the_booked_start_and_each_at_the_last_end(db) -> None:
    session, start = await booked_hearing("s1")
    await advance(session.id, StepTaken("identities_checked"), start)
    later = start + timedelta(minutes=7)
    view = await advance(session.id, StepTaken("matter_and_panel_announced", "panel named"), later)
    first, second, third = view.steps[:3]
    assert (first.status, first.started_at, first.ended_at) == ("done", start, start)
    assert (second.started_at, second.ended_at, second.note) == (start, later, "panel named")
    assert (third.key, third.status, third.title) == ("recusal_asked", "current", "Recusal asked")


async def test_opening_early_starts_the_first_step_when_it_opens(db) -> None:
    session, start = await booked_hearing("s2")
    early = start - timedelta(minutes=30)
    view = await advance(session.id, StepTaken("identities_checked"), early)
    assert view.steps[0].started_at == early


async def test_the_procedure_waits_for_the_record_to_open(db) -> None:
    session, start = await booked_hearing("s3")
    too_early = start - timedelta(minutes=61)
    with pytest.raises(RuleViolation) as caught:
        await advance(session.id, StepTaken("identities_checked"), too_early)
    assert caught.value.code == "session_not_started"
    unbooked = await public_hearing_session("s3b")
    with pytest.raises(RuleViolation) as caught:
        await advance(unbooked.id, StepTaken("identities_checked"), start)
    assert caught.value.code == "session_not_booked"


async def test_a_step_out_of_order_changes_nothing(db) -> None:
    session, start = await booked_hearing("s4")
    with pytest.raises(Conflict) as caught:
        await advance(session.id, StepTaken("rights_read"), start)
    assert (caught.value.code, caught.value.extra["current_step"]) == (
        "step_out_of_order",
        "identities_checked",
    )
    view = await steps.procedure_for(STAFF, session.id)
    assert view.steps[0].status == "current"
    assert view.steps[0].started_at is None


async def test_a_skip_is_stored_with_its_reason(db) -> None:
    session, start = await booked_hearing("s5")
    await advance(session.id, StepTaken("identities_checked"), start)
    await steps.skip_procedure_step(
        STAFF, session.id, "matter_and_panel_announced", "in the notice", start
    )
    shown = (await record.session_record(session.id)).procedure.steps[1]
    assert (shown.status, shown.skip_reason) == ("skipped", "in the notice")


async def test_only_staff_run_the_procedure_and_participants_read_their_own(db) -> None:
    session, start = await booked_hearing("s6")
    other, _ = await booked_hearing("s7")
    petitioner = participant(role_of(session, "petitioner")[0])
    with pytest.raises(Forbidden):
        await steps.advance_procedure(
            petitioner,
            session.id,
            StepTaken("identities_checked"),
            start,
            people_left=booking_service.release_removed_people,
        )
    with pytest.raises(NotFound):
        await steps.advance_procedure(
            petitioner,
            other.id,
            StepTaken("identities_checked"),
            start,
            people_left=booking_service.release_removed_people,
        )
    with pytest.raises(NotFound):
        await steps.procedure_for(petitioner, other.id)
    assert len((await steps.procedure_for(petitioner, session.id)).steps) == 10


async def test_a_conflict_declared_after_booking_stops_the_procedure_opening(db) -> None:
    session, start = await booked_hearing("s8")
    officer = role_of(session, "hearing_officer")[0]
    await parties.declare_conflict(
        officer,
        session.case_id,
        "neighbour of the petitioner",
        datetime.now(UTC),
        cases.case_exists,
    )
    with pytest.raises(RuleViolation) as caught:
        await advance(session.id, StepTaken("identities_checked"), start)
    assert caught.value.code == "panel_conflict_of_interest"


async def test_a_recused_officer_leaves_the_panel_when_the_panel_stays_valid(db) -> None:
    session, start = await booked_hearing("s9", officers=5)
    await advance(session.id, StepTaken("identities_checked"), start)
    await advance(session.id, StepTaken("matter_and_panel_announced"), start)
    recused = tuple(role_of(session, "hearing_officer")[:2])
    view = await advance(session.id, StepTaken("recusal_asked", recused=recused), start)
    assert view.steps[2].recused == recused
    after = await hearing.get_session(session.id)
    assert len(role_of(after, "hearing_officer")) == 3
    assert {p.person_id for p in after.removed} == set(recused)


async def test_a_recusal_that_breaks_the_panel_is_refused(db) -> None:
    session, start = await booked_hearing("s10")
    for step in ("identities_checked", "matter_and_panel_announced"):
        await advance(session.id, StepTaken(step), start)
    one = (role_of(session, "hearing_officer")[0],)
    with pytest.raises(RuleViolation) as caught:
        await advance(session.id, StepTaken("recusal_asked", recused=one), start)
    assert caught.value.code == "panel_size_invalid"
    petitioner = tuple(role_of(session, "petitioner"))
    with pytest.raises(RuleViolation) as caught:
        await advance(session.id, StepTaken("recusal_asked", recused=petitioner), start)
    assert (caught.value.code, caught.value.field) == ("not_a_panel_member", "recused[0]")
    assert len((await hearing.get_session(session.id)).participants) == 6


# --- consent and the end of a mediation ---------------------------------------------------


async def test_consent_of_every_party_opens_the_statements(db) -> None:
    session, start = await booked_mediation("c1")
    with pytest.raises(RuleViolation) as caught:
        await advance(session.id, StepTaken("consent"), start)
    parties = role_of(session, "petitioner") + role_of(session, "department")
    assert caught.value.code == "consent_missing"
    assert set(caught.value.extra["missing"]) == {str(p) for p in parties}
    for party in parties:
        await steps.record_consent(STAFF, session.id, party, True, start)
    view = await advance(session.id, StepTaken("consent"), start)
    assert [(s.key, s.status) for s in view.steps[:2]] == [
        ("consent", "done"),
        ("parties_state", "current"),
    ]
    assert len((await record.session_record(session.id)).consents) == 2


async def test_a_refused_consent_ends_the_mediation(db) -> None:
    session, start = await booked_mediation("c2")
    department = role_of(session, "department")[0]
    await steps.record_consent(participant(department), session.id, department, False, start)
    ended = await record.session_record(session.id)
    assert (ended.session.status, ended.procedure.ended_reason) == ("ended", "consent_refused")
    with pytest.raises(Conflict) as caught:
        await record.record_outcome(session.id, "补偿标准", "agreed", None, start)
    assert caught.value.code == "session_ended"


async def test_consent_is_asked_of_parties_only_and_each_answers_for_themselves(db) -> None:
    session, start = await booked_mediation("c3")
    mediator = role_of(session, "mediator")[0]
    petitioner = role_of(session, "petitioner")[0]
    with pytest.raises(RuleViolation) as caught:
        await steps.record_consent(STAFF, session.id, mediator, True, start)
    assert caught.value.code == "not_a_party"
    with pytest.raises(Forbidden):
        await steps.record_consent(participant(mediator), session.id, petitioner, True, start)


async def test_a_party_withdrawal_ends_the_mediation_with_time_and_reason(db) -> None:
    session, start = await booked_mediation("c4")
    petitioner = role_of(session, "petitioner")[0]
    with pytest.raises(RuleViolation) as caught:
        await record.record_attendance(session.id, petitioner, "withdrew", None, start)
    assert (caught.value.code, caught.value.field) == ("withdrawal_reason_required", "note")
    later = start + timedelta(minutes=20)
    await record.record_attendance(session.id, petitioner, "withdrew", "去法院起诉", later)
    ended = await record.session_record(session.id)
    assert ended.session.status == "ended"
    withdrawal = ended.procedure.withdrawals[0]
    assert (withdrawal.person_id, withdrawal.reason, withdrawal.at) == (
        petitioner,
        "去法院起诉",
        later,
    )
    with pytest.raises(Conflict) as caught:
        await advance(session.id, StepTaken("consent"), later)
    assert caught.value.code == "session_ended"


async def test_an_unexcused_petitioner_waives_the_public_hearing(db) -> None:
    session, start = await booked_hearing("w1")
    petitioner, department = role_of(session, "petitioner")[0], role_of(session, "department")[0]
    waived = await record.record_attendance(session.id, petitioner, "absent_unexcused", None, start)
    excused = await record.record_attendance(
        session.id, department, "absent_excused", "病假", start
    )
    assert (waived.waived, excused.waived) == (True, False)
    kept = {a.person_id: a.waived for a in (await record.session_record(session.id)).attendance}
    assert kept == {petitioner: True, department: False}
    # The hearing concludes accordingly: its proceedings end with the waiver.
    assert (await record.session_record(session.id)).procedure.ended_reason == "petitioner_waived"
    with pytest.raises(Conflict) as caught:
        await advance(session.id, StepTaken("identities_checked"), start)
    assert caught.value.code == "procedure_ended"
