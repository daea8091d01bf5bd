"""When the record of a session may be written, and when a session may change at all.

The record opens a jurisdiction-set time before the booked start (people arrive, identities
are checked), closes for good when a mediation ends, and sealed minutes freeze everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.clock import require_aware
from core.errors import Conflict, RuleViolation
from hearing.vocabulary import SessionStatus


@dataclass(frozen=True)
class SessionMoment:
    """What the rules need to know of a session."""

    status: str
    start: datetime | None
    minutes_sealed_at: datetime | None


def check_not_sealed(session: SessionMoment) -> None:
    """Sealed minutes freeze the session: no booking, reschedule, cancel or record write."""
    if session.minutes_sealed_at is not None:
        raise Conflict(
            "the session's minutes are sealed; nothing of the session changes any more",
            code="minutes_sealed",
            field="id",
        )


def record_opens_at(start: datetime, open_before_start_minutes: int) -> datetime:
    return start - timedelta(minutes=open_before_start_minutes)


def check_record_window(
    session: SessionMoment, now: datetime, open_before_start_minutes: int
) -> None:
    """Refuse a record write at ``now`` the session's state or time does not allow."""
    require_aware(now, "now")
    check_not_sealed(session)
    if session.status == SessionStatus.ENDED:
        raise Conflict(
            "the mediation has ended; its record takes no more entries",
            code="session_ended",
            field="id",
        )
    if session.status in (SessionStatus.POSTPONED, SessionStatus.SUSPENDED):
        raise Conflict(
            f"the session is {session.status}; its record takes entries again once resumed",
            code="session_suspended",
            field="id",
        )
    if session.status == SessionStatus.CANCELLED:
        raise RuleViolation(
            "the session is cancelled and has no record", code="session_cancelled", field="id"
        )
    if session.start is None or session.status not in (
        SessionStatus.SCHEDULED,
        SessionStatus.COMPLETED,
    ):
        raise RuleViolation(
            f"the session is {session.status}: only a booked session has a record",
            code="session_not_booked",
            field="id",
        )
    opens_at = record_opens_at(session.start, open_before_start_minutes)
    if now < opens_at:
        raise RuleViolation(
            f"the record opens at {opens_at.isoformat()}, "
            f"{open_before_start_minutes} minutes before the start",
            code="session_not_started",
            field="id",
            extra={"record_opens_at": opens_at.isoformat()},
        )
