"""Postponing a session (延期) before it starts, suspending it (中止) while it runs, resuming it.

Both need their grounds, which the record keeps with the time. A session is postponed only
before anything of it happened, and suspended only once it began; either way it takes no
record writes until it is resumed at a newly booked time, where its procedure goes on from
the step at which it stopped.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from core.clock import require_aware
from core.errors import Conflict, RuleViolation
from hearing.proceedings.procedure import (
    Interruption,
    InterruptionKind,
    ProcedureState,
    is_finished,
    is_opened,
)
from hearing.sessions.record_window import SessionMoment, check_not_sealed
from hearing.vocabulary import SessionStatus


def current_interruption(state: ProcedureState) -> Interruption | None:
    """The postponement or suspension the session is in, if it is in one."""
    if state.interruptions and state.interruptions[-1].resumed_at is None:
        return state.interruptions[-1]
    return None


def _has_begun(state: ProcedureState, session: SessionMoment, at: datetime) -> bool:
    return is_opened(state) or (session.start is not None and at >= session.start)


def _check_interruptible(state: ProcedureState, session: SessionMoment, reason: str) -> None:
    check_not_sealed(session)
    if current_interruption(state) is not None:
        raise Conflict(
            "the session is already postponed or suspended", code="session_suspended", field="id"
        )
    if session.status != SessionStatus.SCHEDULED or session.start is None:
        raise RuleViolation(
            f"the session is {session.status}: only a booked session can be interrupted",
            code="session_not_scheduled",
            field="id",
        )
    if not reason.strip():
        raise RuleViolation(
            "a postponement or suspension is recorded with its grounds",
            code="reason_required",
            field="reason",
        )


def interrupt(
    state: ProcedureState,
    session: SessionMoment,
    kind: InterruptionKind,
    reason: str,
    at: datetime,
) -> ProcedureState:
    """Postpone the session before it begins, or suspend it once it has begun."""
    require_aware(at, "at")
    _check_interruptible(state, session, reason)
    begun = _has_begun(state, session, at)
    if kind is InterruptionKind.POSTPONED and begun:
        raise Conflict(
            "the session has begun: suspend it instead of postponing it",
            code="session_started",
            field="id",
        )
    if kind is InterruptionKind.SUSPENDED and not begun:
        raise Conflict(
            "the session has not begun: postpone it instead of suspending it",
            code="session_not_in_progress",
            field="id",
        )
    if is_finished(state):
        raise Conflict(
            "the proceedings are over; there is nothing left to interrupt",
            code="procedure_finished",
            field="id",
        )
    interruption = Interruption(kind, reason.strip(), at)
    return replace(state, interruptions=(*state.interruptions, interruption))


def check_resumable(state: ProcedureState) -> Interruption:
    """The interruption a resumption ends (409 ``session_not_suspended`` when there is none)."""
    interruption = current_interruption(state)
    if interruption is None:
        raise Conflict(
            "the session is neither postponed nor suspended",
            code="session_not_suspended",
            field="id",
        )
    return interruption


def resume(state: ProcedureState, at: datetime) -> ProcedureState:
    """End the current interruption at ``at``; the procedure goes on where it stopped."""
    interruption = check_resumable(state)
    resumed = replace(interruption, resumed_at=require_aware(at, "at"))
    return replace(state, interruptions=(*state.interruptions[:-1], resumed))
