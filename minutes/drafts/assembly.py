"""Assembling the minutes document from the session record and the people in it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from uuid import UUID

from hearing.proceedings.service import SessionRecord
from minutes.document import (
    MinutesActionItem,
    MinutesDocument,
    MinutesOutcome,
    MinutesParticipant,
    MinutesPosition,
    MinutesSignature,
)
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


async def assemble_minutes(
    minutes_id: UUID,
    version: int,
    record: SessionRecord,
    signatures: Sequence[SignatureView],
    now: datetime,
) -> MinutesDocument:
    """The minutes of ``record`` as version ``version``, with these signatures printed."""
    session = record.session
    people = await parties.get_people([p.person_id for p in session.participants])
    organizations = await get_organizations(
        [person.organization_id for person in people.values() if person.organization_id]
        + [item.owner_organization_id for item in record.action_items]
    )
    room = await _room(session.room_id)
    name, organization_of = _directory(people, organizations)
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
        participants=_participants(record, name, organization_of),
        positions=_positions(record, name),
        outcomes=tuple(
            MinutesOutcome(agenda_item=row.agenda_item, status=row.status, terms=row.terms)
            for row in record.outcomes
        ),
        action_items=_action_items(record, organizations, name),
        signatures=_signatures(signatures, name),
        generated_at=now,
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
    attendance = {row.person_id: row.status for row in record.attendance}
    return tuple(
        MinutesParticipant(
            person_id=str(p.person_id),
            name=name(p.person_id),
            role=p.role,
            organization=organization_of(p.person_id),
            attendance=attendance.get(p.person_id),
        )
        for p in session.participants
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
        )
        for signature in signatures
    )


async def _room(room_id: UUID | None) -> rooms.RoomView | None:
    return await rooms.get_room(room_id) if room_id else None
