"""Use cases for the mediation agreement: draft it, read it, sign or refuse it; once it is
effective its terms become action items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from core.access import Viewer, ensure_self_or_staff
from core.audit import record_event
from core.crud import Row
from core.db import write_transaction
from core.errors import Forbidden, NotFound, RuleViolation
from hearing.agreements.agreement import (
    AgreementContent,
    AgreementStatus,
    Decision,
    Signature,
    Term,
    agreement_status,
    check_signature,
    check_terms,
    ensure_replaceable,
    pending_signers,
    signers,
    term_document,
    term_owners,
    version_sha256,
)
from hearing.followup.service import NewActionItem, add_action_items
from hearing.sessions.service import get_session_for, recordable_session
from hearing.sessions.views import SessionView
from hearing.tables import Agreement, AgreementSignature
from hearing.vocabulary import PARTY_ROLES, ParticipantRole, SessionKind
from parties.people.service import get_people


@dataclass(frozen=True)
class SignatureView:
    person_id: UUID
    decision: str
    version_sha256: str
    signed_at: datetime
    reason: str | None = None


@dataclass(frozen=True)
class AgreementView:
    session_id: UUID
    status: str
    version_sha256: str
    facts: str
    disputed_issues: tuple[str, ...]
    terms: tuple[Term, ...]
    signatures: tuple[SignatureView, ...]
    pending_signers: tuple[UUID, ...]


def _required(session: SessionView) -> tuple[UUID, ...]:
    return signers((p.person_id, p.role) for p in session.participants)


def _content(session_id: UUID, row: Row) -> AgreementContent:
    terms = tuple(
        Term(
            obligor_id=UUID(term["obligor_id"]),
            obligation=term["obligation"],
            manner=term["manner"],
            deadline=date.fromisoformat(term["deadline"]),
        )
        for term in row["terms"]
    )
    return AgreementContent(session_id, row["facts"], tuple(row["disputed_issues"]), terms)


def _signature(view: SignatureView) -> Signature:
    return Signature(view.person_id, Decision(view.decision), view.version_sha256, view.reason)


async def _stored(session_id: UUID) -> tuple[Row, tuple[SignatureView, ...]] | None:
    row = (
        await Agreement.select()
        .where(Agreement.session == session_id)
        .output(load_json=True)
        .first()
    )
    if row is None:
        return None
    rows = (
        await AgreementSignature.select()
        .where(AgreementSignature.agreement == row["id"])
        .order_by(AgreementSignature.signed_at)
    )
    signatures = tuple(
        SignatureView(r["person"], r["decision"], r["version_sha256"], r["signed_at"], r["reason"])
        for r in rows
    )
    return row, signatures


async def _agreement_of(session: SessionView) -> tuple[Row, tuple[SignatureView, ...]]:
    stored = await _stored(session.id)
    if stored is None:
        raise NotFound("no agreement has been drafted for this session", code="agreement_not_found")
    return stored


def _view(session: SessionView, row: Row, signatures: tuple[SignatureView, ...]) -> AgreementView:
    content = _content(session.id, row)
    required = _required(session)
    decided = [_signature(s) for s in signatures]
    return AgreementView(
        session_id=session.id,
        status=agreement_status(required, decided, row["version_sha256"]).value,
        version_sha256=row["version_sha256"],
        facts=content.facts,
        disputed_issues=content.disputed_issues,
        terms=content.terms,
        signatures=signatures,
        pending_signers=tuple(pending_signers(required, decided)),
    )


async def get_agreement_for(viewer: Viewer, session_id: UUID) -> AgreementView:
    """Staff read any agreement; a participant only that of a session they take part in."""
    session = await get_session_for(viewer, session_id)
    row, signatures = await _agreement_of(session)
    return _view(session, row, signatures)


async def session_agreement(session: SessionView) -> AgreementView | None:
    """The session's agreement, if one was drafted, for other packages' use cases (minutes);
    no access check."""
    stored = await _stored(session.id)
    return None if stored is None else _view(session, *stored)


async def _term_owners(session: SessionView, terms: tuple[Term, ...]) -> tuple[UUID, ...]:
    """The organisation owning each term's action item (see ``term_owners``)."""
    people = await get_people([t.obligor_id for t in terms] + list(_required(session)))
    mediator_org = next(
        (
            people[p.person_id].organization_id
            for p in session.participants
            if p.role == ParticipantRole.MEDIATOR and p.person_id in people
        ),
        None,
    )
    organization_of = {person_id: person.organization_id for person_id, person in people.items()}
    return term_owners(terms, organization_of, mediator_org)


async def _check_draft(session: SessionView, content: AgreementContent) -> None:
    if session.kind != SessionKind.MEDIATION:
        raise RuleViolation(
            "only a mediation ends in a mediation agreement",
            code="agreement_mediation_only",
            field="id",
        )
    parties = frozenset(p.person_id for p in session.participants if p.role in PARTY_ROLES)
    check_terms(content.terms, parties)
    # Refused now rather than when the last signature arrives: then it would be too late.
    await _term_owners(session, content.terms)


async def draft_agreement(
    viewer: Viewer, content: AgreementContent, now: datetime
) -> AgreementView:
    """Write the draft, or replace it while no one has signed; staff only."""
    session = await get_session_for(viewer, content.session_id)
    if not viewer.is_staff:
        raise Forbidden("only staff draft the agreement", code="role_not_allowed")
    version = version_sha256(content)
    document: dict[Any, Any] = {
        Agreement.facts: content.facts,
        Agreement.disputed_issues: list(content.disputed_issues),
        Agreement.terms: [term_document(term) for term in content.terms],
        Agreement.version_sha256: version,
        Agreement.updated_at: now,
    }
    async with write_transaction():
        session = await recordable_session(session.id, now)
        await _check_draft(session, content)
        stored = await _stored(session.id)
        if stored is None:
            await Agreement(
                {**document, Agreement.session: session.id, Agreement.created_at: now}
            ).save()
        else:
            ensure_replaceable(tuple(_signature(s) for s in stored[1]))
            await Agreement.update(document).where(Agreement.session == session.id)
        await record_event("agreement.drafted", "session", session.id, {"version_sha256": version})
    return await get_agreement_for(viewer, session.id)


async def _terms_to_action_items(
    session: SessionView, terms: tuple[Term, ...], now: datetime
) -> None:
    """Each term of the effective agreement becomes an open action item, due on its deadline,
    owned by its obligor's organisation and assigned to the obligor."""
    owners = await _term_owners(session, terms)
    await add_action_items(
        session.id,
        [
            NewActionItem(term.obligation[:300], owner, term.deadline, term.obligor_id)
            for term, owner in zip(terms, owners, strict=True)
        ],
        now,
    )


async def sign_agreement(
    viewer: Viewer, session_id: UUID, signature: Signature, now: datetime
) -> AgreementView:
    """Record one signer's decision on the exact version; the last signature makes the
    agreement effective and turns each term into an action item."""
    await get_session_for(viewer, session_id)
    ensure_self_or_staff(viewer, signature.person_id)
    async with write_transaction():
        session = await recordable_session(session_id, now)
        row, signatures = await _agreement_of(session)
        required = _required(session)
        decided = tuple(_signature(s) for s in signatures)
        check_signature(signature, required, decided, row["version_sha256"])
        await AgreementSignature(
            agreement=row["id"],
            person=signature.person_id,
            decision=signature.decision.value,
            reason=signature.reason,
            version_sha256=signature.version_sha256,
            signed_at=now,
        ).save()
        await record_event(
            f"agreement.{signature.decision}",
            "session",
            session_id,
            {"person_id": str(signature.person_id), "version_sha256": signature.version_sha256},
        )
        status = agreement_status(required, (*decided, signature), row["version_sha256"])
        if status is AgreementStatus.EFFECTIVE:
            await _terms_to_action_items(session, _content(session_id, row).terms, now)
            await record_event("agreement.effective", "session", session_id, {})
    return await get_agreement_for(viewer, session_id)
