"""The mediation agreement (调解协议书, rule 8): its content and the hash signed, who must
sign, and what state the signatures put it in (effective only when every party and the
mediator signed the exact version)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID

from core.errors import Conflict, RuleViolation
from hearing.vocabulary import PARTY_ROLES, ParticipantRole


class AgreementStatus(StrEnum):
    DRAFT = "draft"
    SIGNING = "signing"
    EFFECTIVE = "effective"
    REFUSED = "refused"


class Decision(StrEnum):
    SIGN = "sign"
    REFUSE = "refuse"


#: Who signs a mediation agreement: every party and the mediator.
SIGNING_ROLES = PARTY_ROLES | {ParticipantRole.MEDIATOR}


@dataclass(frozen=True)
class Term:
    obligor_id: UUID
    obligation: str
    manner: str
    deadline: date


@dataclass(frozen=True)
class AgreementContent:
    session_id: UUID
    facts: str
    disputed_issues: tuple[str, ...]
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Signature:
    person_id: UUID
    decision: Decision
    version_sha256: str
    reason: str | None = None


def term_document(term: Term) -> dict[str, str]:
    """A term as JSON values: as it is stored and as it is hashed."""
    return {
        "obligor_id": str(term.obligor_id),
        "obligation": term.obligation,
        "manner": term.manner,
        "deadline": term.deadline.isoformat(),
    }


def canonical_json(content: AgreementContent) -> bytes:
    """The content as the one byte string everyone signs: sorted keys, no spaces, UTF-8."""
    document = {
        "session_id": str(content.session_id),
        "facts": content.facts,
        "disputed_issues": list(content.disputed_issues),
        "terms": [term_document(term) for term in content.terms],
    }
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def version_sha256(content: AgreementContent) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def signers(participants: Iterable[tuple[UUID, str]]) -> tuple[UUID, ...]:
    """The people who must sign, in the session's order, from (person_id, role) pairs."""
    return tuple(person_id for person_id, role in participants if role in SIGNING_ROLES)


def check_terms(terms: tuple[Term, ...], party_ids: frozenset[UUID]) -> None:
    """Each term binds a party of the session (petitioner, agent or department)."""
    for index, term in enumerate(terms):
        if term.obligor_id not in party_ids:
            raise RuleViolation(
                "the obligor of a term must be a party of the session",
                code="obligor_not_a_party",
                field=f"terms[{index}].obligor_id",
            )


def term_owners(
    terms: tuple[Term, ...], organization_of: Mapping[UUID, UUID | None], mediator_org: UUID | None
) -> tuple[UUID, ...]:
    """The organisation that owns each term's action item: the obligor's own; for an obligor
    with none (a petitioner, usually) the mediator's organisation, which supervises the
    performance it mediated. Refused when neither is known."""
    owners = []
    for index, term in enumerate(terms):
        owner = organization_of.get(term.obligor_id) or mediator_org
        if owner is None:
            raise RuleViolation(
                "the obligor belongs to no organisation and the mediator neither: no one could "
                "follow this term up",
                code="term_owner_unknown",
                field=f"terms[{index}].obligor_id",
            )
        owners.append(owner)
    return tuple(owners)


def agreement_status(
    required: tuple[UUID, ...], signatures: Iterable[Signature], version: str
) -> AgreementStatus:
    decided = [signature for signature in signatures if signature.version_sha256 == version]
    if any(signature.decision is Decision.REFUSE for signature in decided):
        return AgreementStatus.REFUSED
    signed = {signature.person_id for signature in decided}
    if not signed:
        return AgreementStatus.DRAFT
    if set(required) <= signed:
        return AgreementStatus.EFFECTIVE
    return AgreementStatus.SIGNING


def pending_signers(required: tuple[UUID, ...], signatures: Iterable[Signature]) -> list[UUID]:
    decided = {signature.person_id for signature in signatures}
    return [person_id for person_id in required if person_id not in decided]


def check_signature(
    signature: Signature,
    required: tuple[UUID, ...],
    signatures: tuple[Signature, ...],
    version: str,
) -> None:
    """A signature counts only from a signer, on the current version, once, while it is open."""
    if signature.person_id not in required:
        raise RuleViolation(
            "only the parties and the mediator sign the agreement",
            code="not_a_signer",
            field="person_id",
        )
    if agreement_status(required, signatures, version) in (
        AgreementStatus.EFFECTIVE,
        AgreementStatus.REFUSED,
    ):
        raise Conflict("the agreement is no longer open for signing", code="agreement_closed")
    if signature.version_sha256 != version:
        raise Conflict(
            "this is not the version of the agreement now on the table",
            code="stale_version",
            field="version_sha256",
        )
    if any(existing.person_id == signature.person_id for existing in signatures):
        raise Conflict("this person has already decided", code="already_signed", field="person_id")
    if signature.decision is Decision.REFUSE and not (signature.reason or "").strip():
        raise RuleViolation(
            "a refusal to sign is recorded with its reason", code="reason_required", field="reason"
        )


def ensure_replaceable(signatures: tuple[Signature, ...]) -> None:
    """The draft may be rewritten only while no one has signed or refused it."""
    if signatures:
        raise Conflict(
            "signing has started: the agreement can no longer be changed",
            code="agreement_signing_started",
        )
