"""The order of proceedings of each session kind, as a state machine (DESIGN rules 4 and 5).

Steps come in a fixed order and are taken one at a time: the current step is either completed
or skipped with a stated reason, and either way the record keeps it with its times, so the
record shows every step as done or skipped-because, never silently jumped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from core.clock import require_aware
from core.errors import Conflict, RuleViolation
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
    CONSENT = "consent"
    PARTIES_STATE = "parties_state"
    FACILITATED_NEGOTIATION = "facilitated_negotiation"
    AGREEMENT_OR_NONE = "agreement_or_none"
    DEPARTMENTS_RESPOND = "departments_respond"
    JOINT_REPLY = "joint_reply"
    MATTER_PRESENTED = "matter_presented"
    EVALUATORS_QUESTION = "evaluators_question"
    EVALUATION = "evaluation"


class StepStatus(StrEnum):
    PENDING = "pending"
    CURRENT = "current"
    DONE = "done"
    SKIPPED = "skipped"


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
        # Mediation rests on consent (rule 4), so nothing is said before every party gave it.
        SessionKind.MEDIATION: (
            _S.CONSENT,
            _S.PARTIES_STATE,
            _S.FACILITATED_NEGOTIATION,
            _S.AGREEMENT_OR_NONE,
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
CONSENT_REFUSED = "consent_refused"
#: A public hearing whose petitioner stayed away without explanation: they waived it (rule 6).
PETITIONER_WAIVED = "petitioner_waived"


@dataclass(frozen=True)
class StepRecord:
    """A step that was taken: done, or skipped with its reason; ``recused`` names who left the
    panel when recusal was asked, ``speakers`` who spoke during the step."""

    step: str
    status: StepStatus
    started_at: datetime
    ended_at: datetime
    note: str | None = None
    skip_reason: str | None = None
    recused: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Withdrawal:
    person_id: str
    reason: str
    at: datetime


class InterruptionKind(StrEnum):
    #: 延期: put off before the session starts.
    POSTPONED = "postponed"
    #: 中止: halted while it runs; the procedure keeps its state and goes on when resumed.
    SUSPENDED = "suspended"


@dataclass(frozen=True)
class Interruption:
    """A postponement or suspension with its grounds; ``resumed_at`` once a new time is booked."""

    kind: InterruptionKind
    reason: str
    at: datetime
    resumed_at: datetime | None = None


@dataclass(frozen=True)
class ProcedureState:
    """Where a session stands; ``taken`` lists the steps done or skipped, in order."""

    kind: str
    opened_at: datetime | None = None
    taken: tuple[StepRecord, ...] = ()
    ended_reason: str | None = None
    withdrawals: tuple[Withdrawal, ...] = ()
    interruptions: tuple[Interruption, ...] = ()

    def __post_init__(self) -> None:
        order = steps_for(self.kind)
        keys = tuple(record.step for record in self.taken)
        if keys != order[: len(keys)]:
            raise RuleViolation(
                f"the steps {list(keys)} are not the start of a {self.kind} procedure",
                code="invalid_procedure_state",
                field="taken",
            )
        if self.taken and self.opened_at is None:
            raise RuleViolation(
                "steps were taken in a procedure that never opened",
                code="invalid_procedure_state",
                field="opened_at",
            )


@dataclass(frozen=True)
class StepView:
    key: str
    status: StepStatus
    started_at: datetime | None
    ended_at: datetime | None
    note: str | None
    skip_reason: str | None
    recused: tuple[str, ...]
    speakers: tuple[str, ...] = ()


def steps_for(kind: str) -> tuple[str, ...]:
    return tuple(PROCEDURES[parse_session_kind(kind)])


def start_procedure(kind: str) -> ProcedureState:
    return ProcedureState(kind=parse_session_kind(kind).value)


def is_opened(state: ProcedureState) -> bool:
    return state.opened_at is not None


def open_procedure(state: ProcedureState, at: datetime) -> ProcedureState:
    """The first step starts at ``at``; opening an opened procedure changes nothing."""
    if state.opened_at is not None:
        return state
    return replace(state, opened_at=require_aware(at, "at"))


def is_finished(state: ProcedureState) -> bool:
    return state.ended_reason is not None or len(state.taken) >= len(steps_for(state.kind))


def next_step(state: ProcedureState) -> str | None:
    """The current step: the one to complete or skip next (None once the procedure is over)."""
    if is_finished(state):
        return None
    return steps_for(state.kind)[len(state.taken)]


def _current_started_at(state: ProcedureState) -> datetime | None:
    return state.taken[-1].ended_at if state.taken else state.opened_at


def _refuse_if_finished(state: ProcedureState, field: str) -> None:
    if state.ended_reason is not None:
        raise Conflict(
            f"the session has ended ({state.ended_reason})", code="procedure_ended", field=field
        )
    if is_finished(state):
        raise Conflict(
            "every step of the procedure is taken", code="procedure_finished", field=field
        )


def _ensure_current(state: ProcedureState, step: str) -> datetime:
    """The start of ``step`` once it is known to be the current step."""
    _refuse_if_finished(state, "step")
    order = steps_for(state.kind)
    if step not in order:
        raise RuleViolation(
            f"{step!r} is not a step of a {state.kind}; the steps are {', '.join(order)}",
            code="unknown_procedure_step",
            field="step",
        )
    current = next_step(state)
    if step != current:
        raise Conflict(
            f"the current step is {current}, not {step}",
            code="step_out_of_order",
            field="step",
            extra={"current_step": current},
        )
    started_at = _current_started_at(state)
    if started_at is None:
        raise Conflict("the procedure has not opened", code="procedure_not_opened", field="step")
    return started_at


def _take(state: ProcedureState, record: StepRecord) -> ProcedureState:
    return replace(state, taken=(*state.taken, record))


def advance(
    state: ProcedureState,
    step: str,
    at: datetime,
    *,
    note: str | None = None,
    recused: Sequence[str] = (),
    speakers: Sequence[str] = (),
) -> ProcedureState:
    """Complete the current step ``step``, with who spoke during it; the next one starts at
    ``at``."""
    started_at = _ensure_current(state, step)
    if recused and step != ProcedureStep.RECUSAL_ASKED:
        raise RuleViolation(
            f"recusal is decided at the {ProcedureStep.RECUSAL_ASKED} step, not at {step}",
            code="recusal_not_asked_now",
            field="recused",
        )
    record = StepRecord(
        step=step,
        status=StepStatus.DONE,
        started_at=started_at,
        ended_at=require_aware(at, "at"),
        note=(note or "").strip() or None,
        recused=tuple(recused),
        speakers=tuple(dict.fromkeys(speakers)),
    )
    return _take(state, record)


def skip(state: ProcedureState, step: str, reason: str, at: datetime) -> ProcedureState:
    """Skip the current step ``step``, which only a stated reason allows."""
    if step == ProcedureStep.CONSENT:
        raise RuleViolation(
            "a mediation cannot go on without every party's consent",
            code="consent_cannot_be_skipped",
            field="step",
        )
    if not reason.strip():
        raise RuleViolation(
            f"skipping {step} needs a reason", code="reason_required", field="reason"
        )
    started_at = _ensure_current(state, step)
    record = StepRecord(
        step=step,
        status=StepStatus.SKIPPED,
        started_at=started_at,
        ended_at=require_aware(at, "at"),
        skip_reason=reason.strip(),
    )
    return _take(state, record)


def end_procedure(state: ProcedureState, reason: str) -> ProcedureState:
    """End the proceedings early (a mediation party refused consent or withdrew, or the
    petitioner waived a public hearing)."""
    _refuse_if_finished(state, "step")
    return replace(state, ended_reason=reason)


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


def step_views(state: ProcedureState) -> tuple[StepView, ...]:
    """Every step of the kind's order with its status: taken ones as recorded, then the
    current one (while the procedure runs), then the pending ones."""
    views = [
        StepView(
            r.step, r.status, r.started_at, r.ended_at, r.note, r.skip_reason, r.recused, r.speakers
        )
        for r in state.taken
    ]
    current = next_step(state)
    for step in steps_for(state.kind)[len(state.taken) :]:
        if step == current:
            views.append(
                StepView(step, StepStatus.CURRENT, _current_started_at(state), None, None, None, ())
            )
        else:
            views.append(StepView(step, StepStatus.PENDING, None, None, None, None, ()))
    return tuple(views)


def check_every_department_heard(
    step: str, departments: Sequence[str], speakers: Sequence[str]
) -> None:
    """At a joint reception each responsible department answers the petitioner's requests in
    turn: that step is complete once every department's representative has spoken (a
    department that did not come is a step skipped with its reason, not a silent gap)."""
    if step != ProcedureStep.DEPARTMENTS_RESPOND:
        return
    missing = [department for department in departments if department not in speakers]
    if missing:
        raise RuleViolation(
            f"{len(missing)} department representative(s) have not answered yet",
            code="department_not_heard",
            field="speakers",
            extra={"not_heard": missing},
        )


def check_statements_allowed(state: ProcedureState) -> None:
    """A mediation rests on every party's consent (rule 4): nobody states their case before the
    consent step is done."""
    if parse_session_kind(state.kind) is not SessionKind.MEDIATION:
        return
    if not any(record.step == ProcedureStep.CONSENT for record in state.taken):
        raise RuleViolation(
            "every party consents to mediation before anyone states their case",
            code="consent_missing",
            field="person_id",
        )
