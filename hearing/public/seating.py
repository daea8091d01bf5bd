"""Who may observe a public hearing, and who gets a seat (DESIGN rule 3).

Observers take the room's public seats in the order they registered; once the seats are
taken they wait in that order, and a freed seat goes to the first in line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from core.errors import RuleViolation
from hearing.vocabulary import Confidentiality, SessionKind, SessionStatus


class ObserverStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


def is_public(kind: str, confidentiality: str) -> bool:
    return kind == SessionKind.PUBLIC_HEARING and confidentiality == Confidentiality.NONE


def check_public(kind: str, confidentiality: str) -> None:
    """Only a public hearing of a case with nothing to keep private is open to the public."""
    if kind != SessionKind.PUBLIC_HEARING:
        raise RuleViolation(
            f"a {kind} session is not public", code="public_hearing_only", field="id"
        )
    if confidentiality != Confidentiality.NONE:
        raise RuleViolation(
            f"a case marked {confidentiality} is heard in a closed session without observers",
            code="closed_session_required",
            field="id",
        )


def seats_for_registration(
    kind: str,
    confidentiality: str,
    status: str,
    start: datetime | None,
    public_seats: int | None,
    now: datetime,
) -> int:
    """The hearing's public seats, once it is open to registration: refused for a closed
    session, one without a confirmed time and room, or one already under way."""
    check_public(kind, confidentiality)
    if status == SessionStatus.CANCELLED:
        raise RuleViolation("the hearing is cancelled", code="session_cancelled", field="id")
    if status != SessionStatus.SCHEDULED or start is None or public_seats is None:
        raise RuleViolation(
            "the hearing has no confirmed time and place yet",
            code="session_not_booked",
            field="id",
        )
    if now >= start:
        raise RuleViolation(
            "registration closes when the hearing starts",
            code="registration_closed",
            field="id",
        )
    return public_seats


def status_on_registering(public_seats: int, confirmed: int, waiting: int) -> ObserverStatus:
    """A newcomer's status: a free seat, unless someone who came earlier waits for it."""
    if confirmed < public_seats and waiting == 0:
        return ObserverStatus.CONFIRMED
    return ObserverStatus.WAITLISTED


def moving_up(public_seats: int, confirmed: int, waitlist: Sequence[str]) -> tuple[str, ...]:
    """Who on the waiting list (in order) takes the seats that are free."""
    return tuple(waitlist[: max(0, public_seats - confirmed)])
