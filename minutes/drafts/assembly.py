"""Assembling the minutes document from the session record and the people in it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from core.access import Viewer
from hearing.agreements.service import AgreementView, session_agreement
from hearing.jurisdictions.service import jurisdiction_of_case
from hearing.panel.conclusion import ItemConclusion
from hearing.panel.service import panel_of
from hearing.proceedings.service import SessionRecord
from minutes.document import (
    MinutesActionItem,
    MinutesAgreement,
    MinutesConsent,
    MinutesDocument,
    MinutesOutcome,
    MinutesPanelItem,
    MinutesPanelView,
    MinutesParticipant,
    MinutesPosition,
    MinutesSignature,
    MinutesStep,
    MinutesTerm,
    MinutesViewCount,
)
from minutes.drafts.chair import chair_of
from minutes.store import SignatureView
from parties.organizations.service import get_organizations
from parties.people import service as parties
from parties.views import OrganizationView, PersonView
from scheduling.rooms import service as rooms

DEFAULT_TIMEZONE = "Asia/Shanghai"

#: The printed name of a person, or their id when the directory does not know them.
NameOf = Callable[[UUID | None], str]
#: The name of a person's organisation, if they belong to one.
OrganizationOf = Callable[[UUID], str | None]


@dataclass(frozen=True)
class Imprint:
    """What the issuer puts on a version besides the record: the document number and the
    recorder, fixed when the version is built, and whether this is the sealed rendering."""

    document_number: str | None = None
    recorder: str | None = None
    sealed: bool = False
    development_seal: bool = False


async def recorder_of(viewer: Viewer) -> str:
    """The recorder of a version built by ``viewer``: their person's name, else the account."""
    if viewer.person_id is not None:
        person = (await parties.get_people([viewer.person_id])).get(viewer.person_id)
        if person is not None:
            return person.name
    return viewer.email


async def assemble_minutes(
    minutes_id: UUID,
    version: int,
    record: SessionRecord,
    signatures: Sequence[SignatureView],
    now: datetime,
    imprint: Imprint = Imprint(),
) -> MinutesDocument:
    """The minutes of ``record`` as version ``version``, with these signatures printed."""
    session = record.session
    jurisdiction = await jurisdiction_of_case(record.case.id)
    # Recused panel members left the session, but the procedure still names them.
    people = await parties.get_people(
        [p.person_id for p in (*session.participants, *session.removed)]
    )
    organizations = await get_organizations(
        [person.organization_id for person in people.values() if person.organization_id]
        + [item.owner_organization_id for item in record.action_items]
    )
    room = await _room(session.room_id)
    name, organization_of = _directory(people, organizations)
    participants = _participants(record, name, organization_of)
    return MinutesDocument(
        minutes_id=str(minutes_id),
        version=version,
        session_id=str(session.id),
        session_kind=session.kind,
        session_title=session.title,
        case_reference=record.case.reference,
        case_title=record.case.title,
        locale=session.locale,
        start=session.start,
        end=session.end,
        timezone=room.timezone if room else DEFAULT_TIMEZONE,
        room=room.name if room else None,
        address=room.address if room else None,
        participants=participants,
        positions=_positions(record, name),
        outcomes=tuple(
            MinutesOutcome(agenda_item=row.agenda_item, status=row.status, terms=row.terms)
            for row in record.outcomes
        ),
        action_items=_action_items(record, organizations, name),
        procedure=_procedure(record, name),
        ended_reason=record.procedure.ended_reason,
        consents=_consents(record, name),
        panel=_panel(record, name),
        agreement=_agreement(await session_agreement(session), name),
        issuing_body=jurisdiction.name,
        document_number=imprint.document_number,
        chair=chair_of(session.kind, participants),
        recorder=imprint.recorder,
        sealed=imprint.sealed,
        development_seal=imprint.development_seal,
        signatures=_signatures(signatures, name),
        # Stored and compared as UTC: the database gives the build time back in UTC.
        generated_at=now.astimezone(UTC),
    )


def _directory(
    people: dict[UUID, PersonView], organizations: dict[UUID, OrganizationView]
) -> tuple[NameOf, OrganizationOf]:
    """How the minutes name people and their organisations, from one look-up of each."""

    def name(person_id: UUID | None) -> str:
        return people[person_id].name if person_id in people else str(person_id)

    def organization_of(person_id: UUID) -> str | None:
        person = people.get(person_id)
        organization_id = person.organization_id if person else None
        return organizations[organization_id].name if organization_id in organizations else None

    return name, organization_of


def _participants(
    record: SessionRecord, name: NameOf, organization_of: OrganizationOf
) -> tuple[MinutesParticipant, ...]:
    session = record.session
    attendance = {row.person_id: row for row in record.attendance}
    withdrawn = {w.person_id: w.at for w in record.procedure.withdrawals}
    return tuple(
        MinutesParticipant(
            person_id=str(p.person_id),
            name=name(p.person_id),
            role=p.role,
            organization=organization_of(p.person_id),
            attendance=row.status if row else None,
            attendance_note=row.note if row else None,
            waived=row.waived if row else False,
            withdrew_at=withdrawn.get(p.person_id),
        )
        for p in session.participants
        for row in [attendance.get(p.person_id)]
    )


def _procedure(record: SessionRecord, name: NameOf) -> tuple[MinutesStep, ...]:
    return tuple(
        MinutesStep(
            key=step.key,
            title=step.title,
            status=step.status.value,
            started_at=step.started_at,
            ended_at=step.ended_at,
            note=step.note,
            skip_reason=step.skip_reason,
            recused=tuple(name(person_id) for person_id in step.recused),
            speakers=tuple(name(person_id) for person_id in step.speakers),
        )
        for step in record.procedure.steps
    )


def _consents(record: SessionRecord, name: NameOf) -> tuple[MinutesConsent, ...]:
    return tuple(
        MinutesConsent(str(c.person_id), name(c.person_id), c.consent, c.recorded_at)
        for c in record.consents
    )


def _panel(record: SessionRecord, name: NameOf) -> tuple[MinutesPanelItem, ...]:
    """The panel's views and conclusion; only sessions with hearing officers have a panel."""
    return tuple(
        _panel_item(record, item, name) for item in record.conclusion if item.panel_size > 0
    )


def _panel_item(record: SessionRecord, item: ItemConclusion, name: NameOf) -> MinutesPanelItem:
    # The views the conclusion counted: a recused officer's earlier view is not the panel's.
    panel = set(panel_of(record.session))
    views = tuple(
        MinutesPanelView(str(vote.person_id), name(vote.person_id), vote.view, vote.opinion)
        for vote in record.votes
        if vote.agenda_item == item.agenda_item and str(vote.person_id) in panel
    )
    return MinutesPanelItem(
        agenda_item=item.agenda_item,
        result=item.result.value,
        counts=tuple(MinutesViewCount(view.value, count) for view, count in item.counts.items()),
        views=views,
        dissents=tuple(
            MinutesPanelView(d.person_id, name(UUID(d.person_id)), d.view.value, d.opinion)
            for d in item.dissents
        ),
        panel_size=item.panel_size,
    )


def _agreement(agreement: AgreementView | None, name: NameOf) -> MinutesAgreement | None:
    if agreement is None:
        return None
    return MinutesAgreement(
        status=agreement.status,
        version_sha256=agreement.version_sha256,
        facts=agreement.facts,
        disputed_issues=agreement.disputed_issues,
        terms=tuple(
            MinutesTerm(
                obligor_id=str(term.obligor_id),
                obligor=name(term.obligor_id),
                obligation=term.obligation,
                manner=term.manner,
                deadline=term.deadline,
            )
            for term in agreement.terms
        ),
    )


def _positions(record: SessionRecord, name: NameOf) -> tuple[MinutesPosition, ...]:
    return tuple(
        MinutesPosition(
            person_id=str(row.person_id),
            name=name(row.person_id),
            agenda_item=row.agenda_item,
            statement=row.statement,
            requests=row.requests,
            evidence=row.evidence,
            legal_basis=row.legal_basis,
        )
        for row in record.positions
    )


def _action_items(
    record: SessionRecord, organizations: dict[UUID, OrganizationView], name: NameOf
) -> tuple[MinutesActionItem, ...]:
    return tuple(
        MinutesActionItem(
            title=row.title,
            owner_organization=organizations[row.owner_organization_id].name,
            due_date=row.due_date,
            assignee=name(row.assignee_id) if row.assignee_id else None,
            status=row.status,
        )
        for row in record.action_items
    )


def _signatures(signatures: Sequence[SignatureView], name: NameOf) -> tuple[MinutesSignature, ...]:
    return tuple(
        MinutesSignature(
            person_id=str(signature.person_id),
            name=name(signature.person_id),
            decision=signature.decision,
            reason=signature.reason,
            signed_at=signature.signed_at,
            version_sha256=signature.version_sha256,
            identified_by=signature.identified_by,
        )
        for signature in signatures
    )


async def _room(room_id: UUID | None) -> rooms.RoomView | None:
    return await rooms.get_room(room_id) if room_id else None
