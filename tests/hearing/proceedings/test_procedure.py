from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import Conflict, DomainError, RuleViolation
from hearing.proceedings.procedure import (
    CONSENT_REFUSED,
    PARTY_WITHDREW,
    ProcedureState,
    StepRecord,
    StepStatus,
    Withdrawal,
    advance,
    check_every_department_heard,
    end_procedure,
    is_finished,
    is_opened,
    next_step,
    open_procedure,
    skip,
    start_procedure,
    step_views,
    steps_for,
    withdraw,
)
from hearing.proceedings.procedure_json import procedure_from_json, procedure_to_json
from hearing.proceedings.step_titles import step_title
from hearing.vocabulary import SessionKind

AT = datetime(2027, 3, 8, 10, 40, tzinfo=ZoneInfo("Asia/Shanghai"))

HEARING_ORDER = (
    "identities_checked",
    "matter_and_panel_announced",
    "recusal_asked",
    "rights_read",
    "petitioner_states",
    "department_states",
    "cross_examination",
    "final_statements",
    "panel_deliberates",
    "conclusion",
)
MEDIATION_ORDER = ("consent", "parties_state", "facilitated_negotiation", "agreement_or_none")


def refused(check: Callable[[], object]) -> DomainError:
    with pytest.raises(DomainError) as caught:
        check()
    return caught.value


def minute(n: int) -> datetime:
    return AT + timedelta(minutes=n)


def run(kind: str, *steps: str) -> ProcedureState:
    """Open the procedure at AT and complete ``steps`` one minute apart."""
    state = open_procedure(start_procedure(kind), AT)
    for index, step in enumerate(steps, start=1):
        state = advance(state, step, minute(index))
    return state


def test_public_hearing_follows_the_order_of_rule_five() -> None:
    assert steps_for("public_hearing") == HEARING_ORDER


def test_mediation_asks_consent_before_anything_is_said() -> None:
    assert steps_for("mediation") == MEDIATION_ORDER


@pytest.mark.parametrize(
    ("kind", "order"),
    [
        ("public_hearing", HEARING_ORDER),
        ("mediation", MEDIATION_ORDER),
        (
            "joint_reception",
            ("identities_checked", "petitioner_states", "departments_respond", "joint_reply"),
        ),
        ("review", ("identities_checked", "matter_presented", "evaluators_question", "evaluation")),
    ],
)
def test_every_kind_runs_its_own_order_to_the_end(kind: str, order: tuple[str, ...]) -> None:
    assert steps_for(kind) == order
    state = run(kind, *order)
    assert tuple(record.step for record in state.taken) == order
    assert {record.status for record in state.taken} == {StepStatus.DONE}
    assert is_finished(state)
    assert next_step(state) is None


def test_next_step_walks_the_hearing_in_order() -> None:
    state = open_procedure(start_procedure("public_hearing"), AT)
    seen = []
    while (step := next_step(state)) is not None:
        seen.append(step)
        state = advance(state, step, AT)
    assert tuple(seen) == HEARING_ORDER
    assert is_finished(state)


def test_a_step_keeps_who_spoke_during_it_once_each_and_in_order() -> None:
    state = open_procedure(start_procedure("public_hearing"), AT)
    state = advance(state, "identities_checked", minute(5), speakers=["p", "d", "p"])
    [taken] = state.taken
    assert taken.speakers == ("p", "d")
    assert step_views(state)[0].speakers == ("p", "d")
    assert procedure_from_json("public_hearing", procedure_to_json(state)) == state


def test_a_joint_reception_hears_every_department_before_moving_on() -> None:
    with pytest.raises(RuleViolation) as caught:
        check_every_department_heard("departments_respond", ["d1", "d2"], ["p", "d1"])
    assert (caught.value.code, caught.value.extra["not_heard"]) == ("department_not_heard", ["d2"])
    check_every_department_heard("departments_respond", ["d1", "d2"], ["d2", "d1"])
    check_every_department_heard("petitioner_states", ["d1", "d2"], [])


def test_a_fresh_procedure_is_not_open_and_its_first_step_is_current() -> None:
    state = start_procedure("mediation")
    assert not is_opened(state)
    assert next_step(state) == "consent"
    assert not is_finished(state)


def test_no_step_is_taken_before_the_procedure_opens() -> None:
    error = refused(lambda: advance(start_procedure("review"), "identities_checked", AT))
    assert (type(error), error.code) == (Conflict, "procedure_not_opened")


def test_opening_twice_keeps_the_first_opening() -> None:
    state = open_procedure(start_procedure("review"), AT)
    assert open_procedure(state, minute(5)).opened_at == AT


def test_each_step_starts_when_the_one_before_ended() -> None:
    state = run("review", "identities_checked", "matter_presented")
    first, second = state.taken
    assert (first.started_at, first.ended_at) == (AT, minute(1))
    assert (second.started_at, second.ended_at) == (minute(1), minute(2))


def test_advance_leaves_the_old_state_untouched() -> None:
    before = run("review")
    after = advance(before, "identities_checked", minute(1))
    assert before.taken == ()
    assert [record.step for record in after.taken] == ["identities_checked"]


def test_advance_keeps_the_note_and_drops_a_blank_one() -> None:
    state = advance(run("review"), "identities_checked", minute(1), note=" ID cards shown ")
    assert state.taken[-1].note == "ID cards shown"
    state = advance(state, "matter_presented", minute(2), note="   ")
    assert state.taken[-1].note is None


def test_cannot_complete_a_later_step_than_the_current_one() -> None:
    state = run("public_hearing", *HEARING_ORDER[:6])
    error = refused(lambda: advance(state, "final_statements", minute(9)))
    assert (type(error), error.code, error.field) == (Conflict, "step_out_of_order", "step")
    assert error.extra["current_step"] == "cross_examination"


def test_cannot_go_back_to_a_done_step() -> None:
    state = run("public_hearing", *HEARING_ORDER[:3])
    assert refused(lambda: advance(state, "identities_checked", minute(9))).code == (
        "step_out_of_order"
    )


def test_completing_the_current_step_is_allowed() -> None:
    state = run("public_hearing", *HEARING_ORDER[:6])
    assert next_step(advance(state, "cross_examination", minute(7))) == "final_statements"


def test_skip_with_reason_is_recorded_explicitly() -> None:
    state = run("public_hearing", *HEARING_ORDER[:6])
    reason = "the department conceded every fact"
    state = skip(state, "cross_examination", f"  {reason} ", minute(7))
    assert state.taken[-1] == StepRecord(
        "cross_examination", StepStatus.SKIPPED, minute(6), minute(7), skip_reason=reason
    )
    assert next_step(state) == "final_statements"


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_skip_needs_a_reason(reason: str) -> None:
    state = run("public_hearing", *HEARING_ORDER[:6])
    error = refused(lambda: skip(state, "cross_examination", reason, minute(7)))
    assert (type(error), error.code, error.field) == (RuleViolation, "reason_required", "reason")


def test_only_the_current_step_can_be_skipped() -> None:
    state = run("public_hearing", *HEARING_ORDER[:6])
    error = refused(lambda: skip(state, "final_statements", "no time", minute(7)))
    assert (type(error), error.code) == (Conflict, "step_out_of_order")


def test_consent_cannot_be_skipped() -> None:
    error = refused(lambda: skip(run("mediation"), "consent", "everyone nodded", minute(1)))
    assert (error.code, error.field) == ("consent_cannot_be_skipped", "step")


def test_step_of_another_kind_is_refused() -> None:
    error = refused(lambda: advance(run("mediation"), "cross_examination", minute(1)))
    assert (type(error), error.code, error.field) == (
        RuleViolation,
        "unknown_procedure_step",
        "step",
    )


def test_cannot_advance_after_the_conclusion() -> None:
    state = run("public_hearing", *HEARING_ORDER)
    assert refused(lambda: advance(state, "conclusion", minute(20))).code == "procedure_finished"


def test_recusal_is_decided_when_it_is_asked() -> None:
    state = run("public_hearing", *HEARING_ORDER[:2])
    state = advance(state, "recusal_asked", minute(3), recused=["officer-2"])
    assert state.taken[-1].recused == ("officer-2",)


def test_recusal_is_refused_at_any_other_step() -> None:
    state = run("public_hearing")
    error = refused(lambda: advance(state, "identities_checked", minute(1), recused=["x"]))
    assert (error.code, error.field) == ("recusal_not_asked_now", "recused")


def test_step_views_show_every_step_with_its_status() -> None:
    state = skip(run("review", "identities_checked"), "matter_presented", "read out", minute(2))
    views = step_views(state)
    assert [(v.key, v.status) for v in views] == [
        ("identities_checked", StepStatus.DONE),
        ("matter_presented", StepStatus.SKIPPED),
        ("evaluators_question", StepStatus.CURRENT),
        ("evaluation", StepStatus.PENDING),
    ]
    assert (views[1].skip_reason, views[2].started_at, views[2].ended_at) == (
        "read out",
        minute(2),
        None,
    )
    assert views[3].started_at is None


def test_an_unopened_procedure_shows_its_first_step_current_without_a_start() -> None:
    views = step_views(start_procedure("mediation"))
    assert (views[0].status, views[0].started_at) == (StepStatus.CURRENT, None)
    assert {v.status for v in views[1:]} == {StepStatus.PENDING}


def test_unknown_kind_is_refused() -> None:
    assert refused(lambda: start_procedure("trial")).code == "unknown_session_kind"


def test_state_with_foreign_steps_is_refused() -> None:
    record = StepRecord("cross_examination", StepStatus.DONE, AT, AT)
    error = refused(lambda: ProcedureState("mediation", AT, (record,)))
    assert error.code == "invalid_procedure_state"


def test_state_with_steps_out_of_order_is_refused() -> None:
    records = tuple(StepRecord(s, StepStatus.DONE, AT, AT) for s in ("matter_presented",))
    assert refused(lambda: ProcedureState("review", AT, records)).code == "invalid_procedure_state"


def test_state_with_steps_but_never_opened_is_refused() -> None:
    record = StepRecord("identities_checked", StepStatus.DONE, AT, AT)
    assert refused(lambda: ProcedureState("review", None, (record,))).code == (
        "invalid_procedure_state"
    )


# --- ending: withdrawal and refused consent -----------------------------------------------


def test_party_withdrawal_ends_a_mediation() -> None:
    state = run("mediation", "consent", "parties_state")
    state = withdraw(state, "petitioner", "no longer consents to mediation", AT)
    assert state.ended_reason == PARTY_WITHDREW
    assert state.withdrawals == (Withdrawal("petitioner", "no longer consents to mediation", AT),)
    assert is_finished(state)
    assert next_step(state) is None


def test_cannot_continue_a_mediation_after_withdrawal() -> None:
    state = withdraw(run("mediation", "consent"), "housing", "policy review", AT)
    error = refused(lambda: advance(state, "parties_state", minute(5)))
    assert (type(error), error.code, error.field) == (Conflict, "procedure_ended", "step")


def test_withdrawal_from_a_hearing_is_recorded_and_the_hearing_goes_on() -> None:
    state = run("public_hearing", *HEARING_ORDER[:5])
    state = withdraw(state, "housing", "representative recalled", AT)
    assert state.ended_reason is None
    assert len(state.withdrawals) == 1
    assert next_step(state) == "department_states"


def test_withdrawal_needs_a_reason() -> None:
    error = refused(lambda: withdraw(start_procedure("mediation"), "petitioner", " ", AT))
    assert (error.code, error.field) == ("withdrawal_reason_required", "reason")


def test_withdrawal_needs_a_person() -> None:
    error = refused(lambda: withdraw(start_procedure("mediation"), "", "tired", AT))
    assert (error.code, error.field) == ("person_id_required", "party_person_id")


def test_withdrawal_time_needs_a_zone() -> None:
    naive = datetime(2027, 3, 8, 10, 40)
    error = refused(lambda: withdraw(start_procedure("mediation"), "p", "tired", naive))
    assert (error.code, error.field) == ("timezone_required", "at")


def test_cannot_withdraw_from_an_ended_mediation() -> None:
    state = withdraw(start_procedure("mediation"), "petitioner", "left", AT)
    assert refused(lambda: withdraw(state, "housing", "also left", AT)).code == "procedure_ended"


def test_refused_consent_ends_the_mediation_before_it_opens() -> None:
    state = end_procedure(start_procedure("mediation"), CONSENT_REFUSED)
    assert (state.ended_reason, is_finished(state), next_step(state)) == (
        CONSENT_REFUSED,
        True,
        None,
    )
    assert refused(lambda: end_procedure(state, CONSENT_REFUSED)).code == "procedure_ended"


# --- stored form and titles ---------------------------------------------------------------


def test_the_stored_form_reads_back_as_the_same_state() -> None:
    state = run("public_hearing", *HEARING_ORDER[:2])
    state = advance(state, "recusal_asked", minute(3), note="asked", recused=["o-1", "o-2"])
    state = skip(state, "rights_read", "read in the notice", minute(4))
    state = withdraw(state, "dept", "recalled", minute(5))
    assert procedure_from_json("public_hearing", procedure_to_json(state)) == state


def test_nothing_stored_reads_as_a_fresh_procedure() -> None:
    assert procedure_from_json("mediation", {}) == start_procedure("mediation")


@pytest.mark.parametrize("kind", list(SessionKind))
def test_every_step_has_a_title_in_both_locales(kind: SessionKind) -> None:
    for step in steps_for(kind):
        chinese, english = step_title(step, "zh-CN"), step_title(step, "en")
        assert chinese and english and chinese != english


def test_titles_follow_the_session_locale() -> None:
    assert step_title("consent", "zh-CN") == "征询调解意愿"
    assert step_title("consent", "en") == "Consent to mediation"


# --- any run of the procedure -------------------------------------------------------------


@given(
    kind=st.sampled_from(list(SessionKind)),
    moves=st.lists(st.tuples(st.booleans(), st.integers(0, 120)), max_size=12),
)
def test_any_run_shows_taken_steps_then_one_current_then_pending(
    kind: SessionKind, moves: list[tuple[bool, int]]
) -> None:
    """Whatever is completed or skipped (consent only completed), in whatever time, the steps
    read as the taken ones in order, then the current one, then the pending ones, each starting
    when the one before ended; and the stored form reads back as the same state."""
    state = open_procedure(start_procedure(kind), AT)
    at = AT
    for skipping, minutes in moves:
        step = next_step(state)
        if step is None:
            break
        at += timedelta(minutes=minutes)
        if skipping and step != "consent":
            state = skip(state, step, "not needed", at)
        else:
            state = advance(state, step, at)
    views = step_views(state)
    taken = len(state.taken)
    assert [v.key for v in views] == list(steps_for(kind))
    assert all(v.status in (StepStatus.DONE, StepStatus.SKIPPED) for v in views[:taken])
    rest = [v.status for v in views[taken:]]
    assert rest == ([StepStatus.CURRENT] + [StepStatus.PENDING] * (len(rest) - 1) if rest else [])
    starts = [AT] + [v.ended_at for v in views[:taken]]
    assert [v.started_at for v in views[: taken + 1]] == starts[: len(views[: taken + 1])]
    assert procedure_from_json(kind, procedure_to_json(state)) == state
