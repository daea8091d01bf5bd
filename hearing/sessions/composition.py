"""Who may sit in which kind of session, and how early it may be booked (DESIGN rules 2-4).

Every number comes from the case's jurisdiction (:class:`JurisdictionRules`), passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from core.clock import require_aware
from core.errors import RuleViolation
from hearing.jurisdictions.rules import JurisdictionRules
from hearing.vocabulary import Confidentiality, ParticipantRole, SessionKind


@dataclass(frozen=True)
class ParticipantSpec:
    person_id: str
    role: str
    required: bool
    organization_id: str | None


@dataclass(frozen=True)
class CaseFacts:
    case_id: str
    confidentiality: str
    investigator_id: str | None
    party_organization_ids: frozenset[str]
    # People who declared a conflict of interest in this case.
    conflicted_person_ids: frozenset[str]


def parse_session_kind(kind: str, field: str = "kind") -> SessionKind:
    try:
        return SessionKind(kind)
    except ValueError:
        raise RuleViolation(
            f"unknown session kind {kind!r}", code="unknown_session_kind", field=field
        ) from None


def parse_confidentiality(value: str, field: str = "confidentiality") -> Confidentiality:
    try:
        return Confidentiality(value)
    except ValueError:
        raise RuleViolation(
            f"unknown confidentiality {value!r}", code="unknown_confidentiality", field=field
        ) from None


# --- composition -------------------------------------------------------------------------


def check_composition(
    kind: str,
    participants: Sequence[ParticipantSpec],
    case: CaseFacts,
    rules: JurisdictionRules,
) -> None:
    """Refuse a participant list the session kind does not allow; return quietly otherwise."""
    session_kind = parse_session_kind(kind)
    roles = _check_every_participant(participants, session_kind)
    _KIND_CHECKS[session_kind](participants, roles, case, rules)


def _check_every_participant(
    participants: Sequence[ParticipantSpec], kind: SessionKind
) -> list[ParticipantRole]:
    if not participants:
        raise RuleViolation(
            "a session needs at least one participant",
            code="participants_required",
            field="participants",
        )
    roles: list[ParticipantRole] = []
    seen: set[str] = set()
    for index, spec in enumerate(participants):
        if not spec.person_id.strip():
            raise RuleViolation(
                "every participant needs a person",
                code="person_id_required",
                field=f"participants[{index}].person_id",
            )
        if spec.person_id in seen:
            raise RuleViolation(
                f"person {spec.person_id} is listed twice",
                code="duplicate_participant",
                field=f"participants[{index}].person_id",
            )
        seen.add(spec.person_id)
        role = _parse_role(spec.role, index)
        if role is ParticipantRole.OBSERVER and kind is not SessionKind.PUBLIC_HEARING:
            raise RuleViolation(
                f"a {kind} session takes no observers",
                code="observers_not_allowed",
                field=f"participants[{index}].role",
            )
        roles.append(role)
    return roles


def _parse_role(role: str, index: int) -> ParticipantRole:
    try:
        return ParticipantRole(role)
    except ValueError:
        raise RuleViolation(
            f"unknown participant role {role!r}",
            code="unknown_participant_role",
            field=f"participants[{index}].role",
        ) from None


def _indexes(roles: Sequence[ParticipantRole], *wanted: ParticipantRole) -> list[int]:
    return [index for index, role in enumerate(roles) if role in wanted]


def _require_role(
    roles: Sequence[ParticipantRole], role: ParticipantRole, code: str, kind: SessionKind
) -> None:
    if role not in roles:
        raise RuleViolation(f"a {kind} session needs a {role}", code=code, field="participants")


def _check_independent(
    participants: Sequence[ParticipantSpec],
    roles: Sequence[ParticipantRole],
    independent_indexes: Sequence[int],
    case: CaseFacts,
) -> None:
    """Recusal: whoever judges or mediates must have no interest in the case."""
    party_roles = (ParticipantRole.PETITIONER, ParticipantRole.AGENT, ParticipantRole.DEPARTMENT)
    # A party's organisation counts whether the case lists it or a party brings it along.
    party_organizations = set(case.party_organization_ids) | {
        participants[index].organization_id
        for index in _indexes(roles, *party_roles)
        if participants[index].organization_id is not None
    }
    for index in independent_indexes:
        spec = participants[index]
        if spec.organization_id in party_organizations:
            reason = f"belongs to {spec.organization_id}, an organisation that is a party"
        elif spec.person_id in case.conflicted_person_ids:
            reason = "has declared a conflict of interest in this case"
        elif spec.person_id == case.investigator_id:
            reason = "investigated this case"
        else:
            continue
        raise RuleViolation(
            f"{roles[index]} {spec.person_id} {reason} and must recuse",
            code="panel_conflict_of_interest",
            field=f"participants[{index}].person_id",
        )


def _check_public_hearing(
    participants: Sequence[ParticipantSpec],
    roles: Sequence[ParticipantRole],
    case: CaseFacts,
    rules: JurisdictionRules,
) -> None:
    kind = SessionKind.PUBLIC_HEARING
    if parse_confidentiality(case.confidentiality) is not Confidentiality.NONE:
        raise RuleViolation(
            f"a case marked {case.confidentiality} can only be heard in a closed session",
            code="closed_session_required",
            field="kind",
        )
    presiding = _indexes(roles, ParticipantRole.PRESIDING_OFFICER)
    if len(presiding) != 1:
        raise RuleViolation(
            f"a public hearing needs exactly one presiding officer, found {len(presiding)}",
            code="presiding_officer_required",
            field="participants",
        )
    officers = _indexes(roles, ParticipantRole.HEARING_OFFICER)
    if len(officers) % 2 == 0 or not rules.panel_min <= len(officers) <= rules.panel_max:
        raise RuleViolation(
            f"the panel needs an odd number of hearing officers between {rules.panel_min} "
            f"and {rules.panel_max}, found {len(officers)}",
            code="panel_size_invalid",
            field="participants",
        )
    if participants[presiding[0]].person_id == case.investigator_id:
        raise RuleViolation(
            "the presiding officer must not be the case's investigator",
            code="presiding_officer_is_investigator",
            field=f"participants[{presiding[0]}].person_id",
        )
    _check_independent(participants, roles, presiding + officers, case)
    _require_role(roles, ParticipantRole.PETITIONER, "petitioner_required", kind)


def _check_mediation(
    participants: Sequence[ParticipantSpec],
    roles: Sequence[ParticipantRole],
    case: CaseFacts,
    rules: JurisdictionRules,
) -> None:
    mediators = _indexes(roles, ParticipantRole.MEDIATOR)
    if not mediators:
        raise RuleViolation(
            "a mediation needs a mediator", code="mediator_required", field="participants"
        )
    # An agent speaks for a petitioner, so it does not make a second party to mediate between.
    principals = _indexes(roles, ParticipantRole.PETITIONER, ParticipantRole.DEPARTMENT)
    if len(principals) < 2:
        raise RuleViolation(
            "a mediation needs at least two parties (petitioners or departments)",
            code="parties_required",
            field="participants",
        )
    _check_independent(participants, roles, mediators, case)


def _check_joint_reception(
    participants: Sequence[ParticipantSpec],
    roles: Sequence[ParticipantRole],
    case: CaseFacts,
    rules: JurisdictionRules,
) -> None:
    kind = SessionKind.JOINT_RECEPTION
    _require_role(roles, ParticipantRole.PETITIONER, "petitioner_required", kind)
    _require_role(roles, ParticipantRole.DEPARTMENT, "department_required", kind)


def _check_review(
    participants: Sequence[ParticipantSpec],
    roles: Sequence[ParticipantRole],
    case: CaseFacts,
    rules: JurisdictionRules,
) -> None:
    _require_role(roles, ParticipantRole.EVALUATOR, "evaluator_required", SessionKind.REVIEW)
    _check_independent(participants, roles, _indexes(roles, ParticipantRole.EVALUATOR), case)


_KindCheck = Callable[
    [Sequence[ParticipantSpec], Sequence[ParticipantRole], CaseFacts, JurisdictionRules], None
]
_KIND_CHECKS: dict[SessionKind, _KindCheck] = {
    SessionKind.PUBLIC_HEARING: _check_public_hearing,
    SessionKind.MEDIATION: _check_mediation,
    SessionKind.JOINT_RECEPTION: _check_joint_reception,
    SessionKind.REVIEW: _check_review,
}


# --- booking notice ----------------------------------------------------------------------


def earliest_start(kind: str, now: datetime, rules: JurisdictionRules) -> datetime:
    """The earliest start a session booked at ``now`` may have, in the zone of ``now``.

    Notice is counted in calendar days in the zone of ``now``: the same wall-clock time,
    so a daylight-saving change inside the notice period neither adds nor removes a day.
    """
    require_aware(now, "now")
    if parse_session_kind(kind) is not SessionKind.PUBLIC_HEARING:
        return now
    target_day = now.date() + timedelta(days=rules.public_hearing_notice_days)
    wall_clock = datetime.combine(target_day, now.time(), tzinfo=now.tzinfo)
    # The round trip through UTC moves a wall time that does not exist (spring forward) on.
    return wall_clock.astimezone(UTC).astimezone(now.tzinfo)


def check_booking_notice(
    kind: str, start: datetime, now: datetime, rules: JurisdictionRules
) -> None:
    """Refuse a start in the past, or a public hearing with less written notice than required."""
    require_aware(start, "start")
    earliest = earliest_start(kind, now, rules)
    # Aware datetimes sharing a tzinfo compare by wall time; UTC compares instants.
    if start.astimezone(UTC) >= earliest.astimezone(UTC):
        return
    if parse_session_kind(kind) is SessionKind.PUBLIC_HEARING:
        raise RuleViolation(
            f"a public hearing needs {rules.public_hearing_notice_days} days' written notice; "
            f"the earliest allowed start is {earliest.isoformat()}",
            code="notice_too_short",
            field="start",
            extra={"earliest_start": earliest.isoformat()},
        )
    raise RuleViolation(
        f"the start lies in the past; the earliest allowed start is {earliest.isoformat()}",
        code="start_in_past",
        field="start",
        extra={"earliest_start": earliest.isoformat()},
    )
