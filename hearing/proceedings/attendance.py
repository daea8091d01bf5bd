"""Attendance (rule 6): a petitioner's unexcused absence waives a public hearing, and a
party's withdrawal is recorded with its reason."""

from __future__ import annotations

from core.errors import RuleViolation
from hearing.vocabulary import PARTY_ROLES, AttendanceStatus, ParticipantRole, SessionKind


def waives_hearing(kind: str, role: str, status: str) -> bool:
    """True when this attendance records the petitioner as waiving the public hearing."""
    return (
        kind == SessionKind.PUBLIC_HEARING
        and role == ParticipantRole.PETITIONER
        and status == AttendanceStatus.ABSENT_UNEXCUSED
    )


def withdrawal_reason(role: str, status: str, note: str | None) -> str | None:
    """The reason of a party's withdrawal (which it needs), or None when this is none."""
    if status != AttendanceStatus.WITHDREW or role not in PARTY_ROLES:
        return None
    reason = (note or "").strip()
    if not reason:
        raise RuleViolation(
            "a withdrawal is recorded with its reason: say why in the note",
            code="withdrawal_reason_required",
            field="note",
        )
    return reason
