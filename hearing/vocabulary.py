"""The glossary of DESIGN.md as enums: the names every package uses."""

from __future__ import annotations

from enum import StrEnum

#: The longest session that can be composed; bounds the search for overlapping bookings.
MAX_SESSION_MINUTES = 12 * 60


class SessionKind(StrEnum):
    PUBLIC_HEARING = "public_hearing"
    MEDIATION = "mediation"
    JOINT_RECEPTION = "joint_reception"
    REVIEW = "review"


class ParticipantRole(StrEnum):
    PETITIONER = "petitioner"
    AGENT = "agent"
    DEPARTMENT = "department"
    PRESIDING_OFFICER = "presiding_officer"
    HEARING_OFFICER = "hearing_officer"
    MEDIATOR = "mediator"
    EVALUATOR = "evaluator"
    RECORDER = "recorder"
    OBSERVER = "observer"


PARTY_ROLES = frozenset(
    {ParticipantRole.PETITIONER, ParticipantRole.AGENT, ParticipantRole.DEPARTMENT}
)
CHAIR_ROLES = frozenset({ParticipantRole.PRESIDING_OFFICER, ParticipantRole.MEDIATOR})


class SessionStatus(StrEnum):
    UNSCHEDULED = "unscheduled"
    #: A tentative hold: the slot is kept for a while, no invitation is sent.
    ON_HOLD = "on_hold"
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    #: A mediation a party refused or withdrew from: over, with nothing more to record.
    ENDED = "ended"
    #: 延期: put off before it started; waits to be resumed at a newly booked time.
    POSTPONED = "postponed"
    #: 中止: halted while it ran; resumed at a newly booked time from the step it stopped at.
    SUSPENDED = "suspended"


class PartStat(StrEnum):
    NEEDS_ACTION = "NEEDS-ACTION"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    TENTATIVE = "TENTATIVE"


class Confidentiality(StrEnum):
    NONE = "none"
    PRIVACY = "privacy"
    COMMERCIAL_SECRET = "commercial_secret"
    STATE_SECRET = "state_secret"


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    ABSENT_EXCUSED = "absent_excused"
    ABSENT_UNEXCUSED = "absent_unexcused"
    WITHDREW = "withdrew"


class OutcomeStatus(StrEnum):
    AGREED = "agreed"
    PARTIALLY_AGREED = "partially_agreed"
    NOT_AGREED = "not_agreed"
    REFERRED = "referred"


class ActionItemStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    OVERDUE = "overdue"
    ESCALATED = "escalated"
