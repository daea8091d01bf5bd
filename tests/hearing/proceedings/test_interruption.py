"""Postponement before the start, suspension during the session, resumption where it stopped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.errors import Conflict, RuleViolation
from hearing.proceedings.interruption import (
    check_resumable,
    current_interruption,
    interrupt,
    resume,
)
from hearing.proceedings.procedure import (
    InterruptionKind,
    ProcedureState,
    advance,
    next_step,
    open_procedure,
    start_procedure,
)
from hearing.proceedings.procedure_json import procedure_from_json, procedure_to_json
from hearing.sessions.record_window import SessionMoment, check_record_window

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BOOKED = SessionMoment("scheduled", START, None)
POSTPONED, SUSPENDED = InterruptionKind.POSTPONED, InterruptionKind.SUSPENDED


def running_hearing() -> ProcedureState:
    state = open_procedure(start_procedure("public_hearing"), START)
    return advance(state, "identities_checked", START + timedelta(minutes=10))


def test_a_session_is_postponed_before_it_starts_with_its_grounds_and_time() -> None:
    at = START - timedelta(days=2)
    state = interrupt(start_procedure("public_hearing"), BOOKED, POSTPONED, " 主持人病假 ", at)
    interruption = current_interruption(state)
    assert interruption is not None
    assert (interruption.kind, interruption.reason, interruption.at) == (
        POSTPONED,
        "主持人病假",
        at,
    )


def test_a_session_that_has_begun_cannot_be_postponed_only_suspended() -> None:
    with pytest.raises(Conflict) as caught:
        interrupt(running_hearing(), BOOKED, POSTPONED, "r", START + timedelta(minutes=20))
    assert caught.value.code == "session_started"
    with pytest.raises(Conflict) as caught:
        interrupt(start_procedure("mediation"), BOOKED, POSTPONED, "r", START)
    assert caught.value.code == "session_started"


def test_a_session_that_has_not_begun_cannot_be_suspended() -> None:
    with pytest.raises(Conflict) as caught:
        interrupt(start_procedure("public_hearing"), BOOKED, SUSPENDED, "r", START - timedelta(1))
    assert caught.value.code == "session_not_in_progress"


@pytest.mark.parametrize("kind", list(InterruptionKind))
@pytest.mark.parametrize("reason", ["", "   "])
def test_either_interruption_needs_its_grounds(kind: InterruptionKind, reason: str) -> None:
    state = running_hearing() if kind is SUSPENDED else start_procedure("public_hearing")
    at = START + timedelta(minutes=20) if kind is SUSPENDED else START - timedelta(days=1)
    with pytest.raises(RuleViolation) as caught:
        interrupt(state, BOOKED, kind, reason, at)
    assert (caught.value.code, caught.value.field) == ("reason_required", "reason")


def test_an_interrupted_session_is_not_interrupted_again() -> None:
    at = START + timedelta(minutes=20)
    state = interrupt(running_hearing(), BOOKED, SUSPENDED, "证人未到", at)
    with pytest.raises(Conflict) as caught:
        interrupt(state, SessionMoment("suspended", START, None), SUSPENDED, "again", at)
    assert caught.value.code == "session_suspended"


def test_only_a_booked_session_is_interrupted_and_sealed_minutes_freeze_it() -> None:
    with pytest.raises(RuleViolation) as caught:
        interrupt(
            start_procedure("mediation"),
            SessionMoment("unscheduled", None, None),
            POSTPONED,
            "r",
            START,
        )
    assert caught.value.code == "session_not_scheduled"
    with pytest.raises(Conflict) as caught:
        interrupt(
            running_hearing(), SessionMoment("scheduled", START, START), SUSPENDED, "r", START
        )
    assert caught.value.code == "minutes_sealed"


def test_a_resumed_suspension_goes_on_from_the_step_where_it_stopped() -> None:
    stopped = interrupt(
        running_hearing(), BOOKED, SUSPENDED, "证人未到", START + timedelta(hours=1)
    )
    resumed = resume(stopped, START + timedelta(days=9))
    assert current_interruption(resumed) is None
    assert resumed.interruptions[0].resumed_at == START + timedelta(days=9)
    assert next_step(resumed) == next_step(running_hearing()) == "matter_and_panel_announced"
    assert resumed.taken == running_hearing().taken


def test_only_an_interrupted_session_is_resumed() -> None:
    with pytest.raises(Conflict) as caught:
        check_resumable(running_hearing())
    assert caught.value.code == "session_not_suspended"
    with pytest.raises(Conflict):
        resume(running_hearing(), START)


@pytest.mark.parametrize("status", ["postponed", "suspended"])
def test_an_interrupted_session_refuses_record_writes(status: str) -> None:
    with pytest.raises(Conflict) as caught:
        check_record_window(SessionMoment(status, START, None), START, 60)
    assert caught.value.code == "session_suspended"


def test_interruptions_survive_their_stored_form() -> None:
    stopped = interrupt(running_hearing(), BOOKED, SUSPENDED, "停电", START + timedelta(hours=1))
    for state in (stopped, resume(stopped, START + timedelta(days=8))):
        assert procedure_from_json("public_hearing", procedure_to_json(state)) == state
