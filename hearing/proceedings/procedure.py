"""The order of proceedings of each session kind, as a state machine (DESIGN rules 4 and 5).

Steps come in a fixed order. A step may be skipped only with a stated reason, and the skip is
kept in the state, so the record shows every step as either done or skipped-because.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from core.clock import require_aware
from core.errors import RuleViolation
from hearing.sessions.composition import parse_session_kind
from hearing.vocabulary import SessionKind


class ProcedureStep(StrEnum):
    IDENTITIES_CHECKED = "identities_checked"
    MATTER_AND_PANEL_ANNOUNCED = "matter_and_panel_announced"
    RECUSAL_ASKED = "recusal_asked"
    RIGHTS_READ = "rights_read"
    PETITIONER_STATES = "petitioner_states"
    DEPARTMENT_STATES = "department_states"
    CROSS_EXAMINATION = "cross_examination"
    FINAL_STATEMENTS = "final_statements"
    PANEL_DELIBERATES = "panel_deliberates"
    CONCLUSION = "conclusion"
    PARTIES_STATE = "parties_state"
    MEDIATION = "mediation"
    AGREEMENT_OR_CLOSURE = "agreement_or_closure"
    DEPARTMENTS_RESPOND = "departments_respond"
    JOINT_REPLY = "joint_reply"
    MATTER_PRESENTED = "matter_presented"
    EVALUATORS_QUESTION = "evaluators_question"
    EVALUATION = "evaluation"


_S = ProcedureStep
PROCEDURES: Mapping[SessionKind, tuple[ProcedureStep, ...]] = MappingProxyType(
    {
        SessionKind.PUBLIC_HEARING: (
            _S.IDENTITIES_CHECKED,
            _S.MATTER_AND_PANEL_ANNOUNCED,
            _S.RECUSAL_ASKED,
            _S.RIGHTS_READ,
            _S.PETITIONER_STATES,
            _S.DEPARTMENT_STATES,
            _S.CROSS_EXAMINATION,
            _S.FINAL_STATEMENTS,
            _S.PANEL_DELIBERATES,
            _S.CONCLUSION,
        ),
        SessionKind.MEDIATION: (
            _S.IDENTITIES_CHECKED,
            _S.RIGHTS_READ,
            _S.PARTIES_STATE,
            _S.MEDIATION,
            _S.AGREEMENT_OR_CLOSURE,
        ),
        SessionKind.JOINT_RECEPTION: (
            _S.IDENTITIES_CHECKED,
            _S.PETITIONER_STATES,
            _S.DEPARTMENTS_RESPOND,
            _S.JOINT_REPLY,
        ),
        SessionKind.REVIEW: (
            _S.IDENTITIES_CHECKED,
            _S.MATTER_PRESENTED,
            _S.EVALUATORS_QUESTION,
            _S.EVALUATION,
        ),
    }
)

PARTY_WITHDREW = "party_withdrew"


@dataclass(frozen=True)
class SkippedStep:
    step: str
    reason: str


@dataclass(frozen=True)
class Withdrawal:
    person_id: str
    reason: str
    at: datetime


@dataclass(frozen=True)
class ProcedureState:
    """Where a session stands; ``completed`` lists the steps actually done, in order."""

    kind: str
    completed: tuple[str, ...] = ()
    ended_reason: str | None = None
    skipped: tuple[SkippedStep, ...] = ()
    withdrawals: tuple[Withdrawal, ...] = ()

    def __post_init__(self) -> None:
        order = steps_for(self.kind)
        reached = [*self.completed, *(skip.step for skip in self.skipped)]
        if any(step not in order for step in reached) or len(set(reached)) != len(reached):
            raise RuleViolation(
                f"the steps {reached} do not belong to one {self.kind} procedure",
                code="invalid_procedure_state",
                field="completed",
            )
        positions = [order.index(step) for step in self.completed]
        if positions != sorted(positions):
            raise RuleViolation(
                "completed steps are out of order",
                code="invalid_procedure_state",
                field="completed",
            )


def steps_for(kind: str) -> tuple[str, ...]:
    return tuple(PROCEDURES[parse_session_kind(kind)])


def start_procedure(kind: str) -> ProcedureState:
    return ProcedureState(kind=parse_session_kind(kind).value)


def _next_index(state: ProcedureState) -> int:
    order = steps_for(state.kind)
    reached = [order.index(step) for step in state.completed]
    reached += [order.index(skip.step) for skip in state.skipped]
    return max(reached, default=-1) + 1


def is_finished(state: ProcedureState) -> bool:
    return state.ended_reason is not None or _next_index(state) >= len(steps_for(state.kind))


def next_step(state: ProcedureState) -> str | None:
    if is_finished(state):
        return None
    return steps_for(state.kind)[_next_index(state)]


def _refuse_if_finished(state: ProcedureState, field: str) -> None:
    if state.ended_reason is not None:
        raise RuleViolation(
            f"the session has ended ({state.ended_reason})", code="procedure_ended", field=field
        )
    if is_finished(state):
        raise RuleViolation(
            "every step of the procedure is done", code="procedure_finished", field=field
        )


def advance(
    state: ProcedureState, step: str, *, skipped_reason: str | None = None
) -> ProcedureState:
    """Record ``step`` as done; steps between the next one and ``step`` need a skip reason."""
    _refuse_if_finished(state, "step")
    order = steps_for(state.kind)
    if step not in order:
        raise RuleViolation(
            f"{step!r} is not a step of a {state.kind}; the steps are {', '.join(order)}",
            code="unknown_procedure_step",
            field="step",
        )
    expected = _next_index(state)
    target = order.index(step)
    if target < expected:
        raise RuleViolation(
            f"{step} is already behind; the next step is {order[expected]}",
            code="procedure_step_already_done",
            field="step",
        )
    jumped = order[expected:target]
    reason = (skipped_reason or "").strip()
    if jumped and not reason:
        raise RuleViolation(
            f"the next step is {order[expected]}; skipping {', '.join(jumped)} needs a reason",
            code="procedure_step_out_of_order",
            field="step",
            extra={"expected_step": order[expected], "would_skip": list(jumped)},
        )
    if reason and not jumped:
        raise RuleViolation(
            f"{step} is the next step, so nothing is skipped",
            code="no_step_skipped",
            field="skipped_reason",
        )
    return replace(
        state,
        completed=(*state.completed, step),
        skipped=(*state.skipped, *(SkippedStep(skipped, reason) for skipped in jumped)),
    )


def withdraw(
    state: ProcedureState, party_person_id: str, reason: str, at: datetime
) -> ProcedureState:
    """Record a party's withdrawal; in a mediation it ends the session (rule 4).

    Mediation rests on every party's consent, so one party leaving ends it. In the other kinds
    the withdrawal is kept in the record and the proceedings go on.
    """
    _refuse_if_finished(state, "party_person_id")
    if not party_person_id.strip():
        raise RuleViolation(
            "say which party withdraws", code="person_id_required", field="party_person_id"
        )
    if not reason.strip():
        raise RuleViolation(
            "a withdrawal is recorded with its reason",
            code="withdrawal_reason_required",
            field="reason",
        )
    require_aware(at, "at")
    ends = parse_session_kind(state.kind) is SessionKind.MEDIATION
    return replace(
        state,
        withdrawals=(*state.withdrawals, Withdrawal(party_person_id, reason.strip(), at)),
        ended_reason=PARTY_WITHDREW if ends else state.ended_reason,
    )
