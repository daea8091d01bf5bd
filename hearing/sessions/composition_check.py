"""Applying the composition rules to a requested session: load the facts, then check.

The rules themselves are pure (``composition.py``); this loads what they need: the people's
organisations, the case's declared conflicts and the rules of the case's jurisdiction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from core.errors import NotFound
from hearing.cases.service import CaseView
from hearing.jurisdictions.rules import JurisdictionRules
from hearing.jurisdictions.service import rules_for_case
from hearing.sessions.composition import CaseFacts, ParticipantSpec, check_composition
from hearing.vocabulary import PARTY_ROLES
from parties.people import service as parties


class Requested(Protocol):
    """A participant as requested or as already on a session."""

    @property
    def person_id(self) -> UUID: ...

    @property
    def role(self) -> str: ...

    @property
    def required(self) -> bool: ...


async def check_session_composition(
    kind: str,
    case: CaseView,
    participants: Sequence[Requested],
    rules: JurisdictionRules | None = None,
) -> None:
    """Refuse ``participants`` for a ``kind`` session of ``case`` when the rules (the case's
    jurisdiction's, loaded unless given) do not allow it."""
    specs = await _participant_specs(participants)
    facts = await _case_facts(case, specs)
    check_composition(kind, specs, facts, rules or await rules_for_case(case.id))


async def _case_facts(case: CaseView, specs: list[ParticipantSpec]) -> CaseFacts:
    party_organizations = frozenset(
        spec.organization_id
        for spec in specs
        if spec.organization_id and spec.role in {role.value for role in PARTY_ROLES}
    )
    conflicted = await parties.conflicted_people(case.id)
    investigator = case.investigator_id
    return CaseFacts(
        case_id=str(case.id),
        confidentiality=case.confidentiality,
        investigator_id=str(investigator) if investigator else None,
        party_organization_ids=party_organizations,
        conflicted_person_ids=frozenset(str(person) for person in conflicted),
    )


async def _participant_specs(requests: Sequence[Requested]) -> list[ParticipantSpec]:
    people = await parties.get_people([request.person_id for request in requests])
    specs = []
    for index, request in enumerate(requests):
        person = people.get(request.person_id)
        if person is None:
            raise NotFound(
                f"no person with id {request.person_id}",
                code="person_not_found",
                field=f"participants[{index}].person_id",
            )
        organization = person.organization_id
        specs.append(
            ParticipantSpec(
                person_id=str(request.person_id),
                role=request.role,
                required=request.required,
                organization_id=str(organization) if organization else None,
            )
        )
    return specs
