from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from core.errors import RuleViolation
from hearing.proceedings.procedure import (
    PARTY_WITHDREW,
    ProcedureState,
    SkippedStep,
    Withdrawal,
    advance,
    is_finished,
    next_step,
    start_procedure,
    steps_for,
    withdraw,
)

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


def refused(check: Callable[[], object]) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        check()
    return caught.value


def run(kind: str, *steps: str) -> ProcedureState:
    state = start_procedure(kind)
    for step in steps:
        state = advance(state, step)
    return state


def test_public_hearing_follows_the_order_of_rule_five() -> None:
    assert steps_for("public_hearing") == HEARING_ORDER


@pytest.mark.parametrize(
    ("kind", "order"),
    [
        (
            "mediation",
            (
                "identities_checked",
                "rights_read",
                "parties_state",
                "mediation",
                "agreement_or_closure",
            ),
        ),
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
    assert state.completed == order
    assert state.skipped == ()
    assert is_finished(state)
    assert next_step(state) is None


def test_next_step_walks_the_hearing_in_order() -> None:
    state = start_procedure("public_hearing")
    seen = []
    while (step := next_step(state)) is not None:
        seen.append(step)
        state = advance(state, step)
    assert tuple(seen) == HEARING_ORDER
    assert is_finished(state)


def test_fresh_procedure_starts_with_identity_check() -> None:
    state = start_procedure("mediation")
    assert next_step(state) == "identities_checked"
    assert not is_finished(state)


def test_advance_leaves_the_old_state_untouched() -> None:
    before = start_procedure("review")
    after = advance(before, "identities_checked")
    assert before.completed == ()
    assert after.completed == ("identities_checked",)


def test_cannot_skip_cross_examination_silently() -> None:
    state = run("public_hearing", *HEARING_ORDER[:6])
    error = refused(lambda: advance(state, "final_statements"))
    assert (error.code, error.field) == ("procedure_step_out_of_order", "step")
    assert "cross_examination" in error.message
    assert error.extra["would_skip"] == ["cross_examination"]


def test_blank_skip_reason_does_not_count() -> None:
    state = run("public_hearing", *HEARING_ORDER[:6])
    error = refused(lambda: advance(state, "final_statements", skipped_reason="   "))
    assert error.code == "procedure_step_out_of_order"


def test_skip_with_reason_is_recorded_explicitly() -> None:
    state = run("public_hearing", *HEARING_ORDER[:6])
    reason = "the department conceded every fact"
    state = advance(state, "final_statements", skipped_reason=reason)
    assert state.skipped == (SkippedStep("cross_examination", reason),)
    assert "cross_examination" not in state.completed
    assert state.completed[-1] == "final_statements"
    assert next_step(state) == "panel_deliberates"


def test_skipping_several_steps_records_each_one() -> None:
    state = advance(start_procedure("public_hearing"), "identities_checked")
    state = advance(state, "rights_read", skipped_reason="announced in the written notice")
    assert [skip.step for skip in state.skipped] == ["matter_and_panel_announced", "recusal_asked"]


def test_reason_without_a_skip_is_refused() -> None:
    error = refused(
        lambda: advance(start_procedure("review"), "identities_checked", skipped_reason="why")
    )
    assert (error.code, error.field) == ("no_step_skipped", "skipped_reason")


def test_cannot_go_back_to_a_done_step() -> None:
    state = run("public_hearing", *HEARING_ORDER[:3])
    error = refused(lambda: advance(state, "identities_checked"))
    assert (error.code, error.field) == ("procedure_step_already_done", "step")


def test_cannot_do_a_skipped_step_afterwards() -> None:
    state = advance(start_procedure("review"), "matter_presented", skipped_reason="by phone")
    assert refused(lambda: advance(state, "identities_checked")).code == (
        "procedure_step_already_done"
    )


def test_step_of_another_kind_is_refused() -> None:
    error = refused(lambda: advance(start_procedure("mediation"), "cross_examination"))
    assert (error.code, error.field) == ("unknown_procedure_step", "step")


def test_cannot_advance_after_the_conclusion() -> None:
    state = run("public_hearing", *HEARING_ORDER)
    assert refused(lambda: advance(state, "conclusion")).code == "procedure_finished"


def test_unknown_kind_is_refused() -> None:
    assert refused(lambda: start_procedure("trial")).code == "unknown_session_kind"


def test_state_with_foreign_steps_is_refused() -> None:
    error = refused(lambda: ProcedureState("mediation", ("cross_examination",), None))
    assert error.code == "invalid_procedure_state"


def test_state_with_steps_out_of_order_is_refused() -> None:
    error = refused(lambda: ProcedureState("review", ("evaluation", "matter_presented"), None))
    assert error.code == "invalid_procedure_state"


# --- withdrawal --------------------------------------------------------------------------


def test_party_withdrawal_ends_a_mediation() -> None:
    state = run("mediation", "identities_checked", "rights_read", "parties_state")
    state = withdraw(state, "petitioner", "no longer consents to mediation", AT)
    assert state.ended_reason == PARTY_WITHDREW
    assert state.withdrawals == (Withdrawal("petitioner", "no longer consents to mediation", AT),)
    assert is_finished(state)
    assert next_step(state) is None


def test_cannot_continue_a_mediation_after_withdrawal() -> None:
    state = withdraw(run("mediation", "identities_checked"), "housing", "policy review", AT)
    error = refused(lambda: advance(state, "rights_read"))
    assert (error.code, error.field) == ("procedure_ended", "step")


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
