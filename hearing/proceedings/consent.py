"""Consent to mediation (rule 4): every party must agree before anything is said."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from core.errors import RuleViolation
from hearing.vocabulary import PARTY_ROLES, SessionKind


def is_party(role: str) -> bool:
    return role in {party.value for party in PARTY_ROLES}


def check_consent_applies(kind: str, role: str) -> None:
    """Only the parties of a mediation are asked for consent."""
    if kind != SessionKind.MEDIATION:
        raise RuleViolation(
            f"a {kind} session asks no consent; mediations do",
            code="consent_not_applicable",
            field="kind",
        )
    if not is_party(role):
        raise RuleViolation(
            f"a {role} is not a party; only parties consent to a mediation",
            code="not_a_party",
            field="person_id",
        )


def missing_consents(parties: Iterable[str], consents: Mapping[str, bool]) -> tuple[str, ...]:
    """The parties who have not (or not yet) consented, in the order given."""
    return tuple(party for party in parties if consents.get(party) is not True)


def check_every_party_consented(parties: Iterable[str], consents: Mapping[str, bool]) -> None:
    missing = missing_consents(parties, consents)
    if missing:
        raise RuleViolation(
            f"{len(missing)} part{'y has' if len(missing) == 1 else 'ies have'} not consented",
            code="consent_missing",
            field="step",
            extra={"missing": list(missing)},
        )


def party_ids(participants: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The person ids among ``(person_id, role)`` pairs whose role makes them a party."""
    return tuple(person for person, role in participants if is_party(role))
