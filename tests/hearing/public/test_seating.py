"""Who may observe a public hearing and who gets a seat (rule 3), without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import RuleViolation
from hearing.public.seating import (
    ObserverStatus,
    check_public,
    is_public,
    moving_up,
    seats_for_registration,
    status_on_registering,
)

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
START = NOW + timedelta(days=8)


def refused(kind: str = "public_hearing", confidentiality: str = "none", **kw: object) -> str:
    facts: dict[str, object] = {"status": "scheduled", "start": START, "public_seats": 2}
    facts.update(kw)
    with pytest.raises(RuleViolation) as caught:
        seats_for_registration(kind, confidentiality, now=NOW, **facts)
    return caught.value.code


def test_a_booked_public_hearing_of_an_open_case_takes_registrations() -> None:
    assert seats_for_registration("public_hearing", "none", "scheduled", START, 2, NOW) == 2


@pytest.mark.parametrize("confidentiality", ["privacy", "commercial_secret", "state_secret"])
def test_a_case_flagged_secret_or_private_takes_no_observers(confidentiality: str) -> None:
    assert refused(confidentiality=confidentiality) == "closed_session_required"
    assert not is_public("public_hearing", confidentiality)


def test_only_a_public_hearing_takes_observers() -> None:
    assert refused(kind="mediation") == "public_hearing_only"
    with pytest.raises(RuleViolation):
        check_public("joint_reception", "none")


@pytest.mark.parametrize("status", ["unscheduled", "held"])
def test_a_hearing_not_booked_yet_takes_no_registrations(status: str) -> None:
    assert refused(status=status) == "session_not_booked"


def test_a_hearing_booked_without_a_known_room_takes_no_registrations() -> None:
    assert refused(public_seats=None) == "session_not_booked"


def test_a_cancelled_hearing_takes_no_registrations() -> None:
    assert refused(status="cancelled") == "session_cancelled"


def test_registration_closes_when_the_hearing_starts() -> None:
    assert refused(start=NOW) == "registration_closed"
    assert (
        seats_for_registration(
            "public_hearing", "none", "scheduled", START, 2, START - timedelta(seconds=1)
        )
        == 2
    )


def test_a_newcomer_is_seated_while_a_seat_is_free_then_waits() -> None:
    assert status_on_registering(2, 1, 0) is ObserverStatus.CONFIRMED
    assert status_on_registering(2, 2, 0) is ObserverStatus.WAITLISTED
    assert status_on_registering(0, 0, 0) is ObserverStatus.WAITLISTED


def test_a_newcomer_does_not_jump_the_waiting_list_for_a_free_seat() -> None:
    assert status_on_registering(3, 2, 1) is ObserverStatus.WAITLISTED


def test_a_freed_seat_goes_to_the_first_in_line() -> None:
    assert moving_up(2, 1, ["first", "second"]) == ("first",)


def test_nobody_moves_up_while_the_room_is_full() -> None:
    assert moving_up(2, 2, ["first"]) == ()
    assert moving_up(2, 3, ["first"]) == ()


@settings(max_examples=200, deadline=None)
@given(seats=st.integers(0, 5), actions=st.lists(st.booleans(), max_size=30))
def test_seats_are_never_overbooked_and_the_line_moves_in_order(
    seats: int, actions: list[bool]
) -> None:
    """Replay registrations (True) and cancellations of the earliest confirmed (False) against
    a plain first-come-first-served oracle."""
    confirmed: list[int] = []
    waiting: list[int] = []
    for number, registers in enumerate(actions):
        if registers:
            if (
                status_on_registering(seats, len(confirmed), len(waiting))
                is ObserverStatus.CONFIRMED
            ):
                confirmed.append(number)
            else:
                waiting.append(number)
        elif confirmed:
            confirmed.pop(0)
            promoted = moving_up(seats, len(confirmed), [str(n) for n in waiting])
            confirmed += [int(n) for n in promoted]
            waiting = waiting[len(promoted) :]
        assert len(confirmed) <= seats
        assert not waiting or len(confirmed) == seats
        assert waiting == sorted(waiting)
        assert not confirmed or not waiting or max(confirmed) < waiting[0]
