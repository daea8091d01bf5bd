"""Who the minutes name as chairing the session (主持人)."""

from __future__ import annotations

from collections.abc import Sequence

from hearing.vocabulary import ParticipantRole, SessionKind
from minutes.document import MinutesChair, MinutesParticipant

_R = ParticipantRole
# Joint reception has no chair role of its own: a presiding officer leads it when one sits,
# else the leading department's official, listed first among the departments.
_CHAIR_ROLES: dict[str, tuple[ParticipantRole, ...]] = {
    SessionKind.PUBLIC_HEARING: (_R.PRESIDING_OFFICER,),
    SessionKind.MEDIATION: (_R.MEDIATOR,),
    SessionKind.JOINT_RECEPTION: (_R.PRESIDING_OFFICER, _R.MEDIATOR, _R.DEPARTMENT),
    SessionKind.REVIEW: (_R.PRESIDING_OFFICER, _R.EVALUATOR),
}


def chair_of(kind: str, participants: Sequence[MinutesParticipant]) -> MinutesChair | None:
    """The first participant holding the kind's most senior chairing role, if any does."""
    for role in _CHAIR_ROLES.get(kind, (_R.PRESIDING_OFFICER,)):
        for participant in participants:
            if participant.role == role:
                return MinutesChair(participant.name, participant.role)
    return None
