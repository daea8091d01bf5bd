"""Assembling the minutes document from the session record and the people in it."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from hearing.proceedings.service import SessionRecord
from hearing.vocabulary import ParticipantRole
from minutes.document import (
    MinutesActionItem,
    MinutesDocument,
    MinutesOutcome,
    MinutesParticipant,
    MinutesPosition,
    MinutesSignature,
)
from parties.organizations.service import get_organizations
from parties.people import service as parties
from scheduling.rooms import service as rooms

DEFAULT_TIMEZONE = "Asia/Shanghai"


def signers_of(record: SessionRecord) -> list[UUID]:
    """Every participant signs the minutes except observers (rule 10)."""
    return [p.person_id for p in record.session.participants if p.role != ParticipantRole.OBSERVER]


async def _document(
    minutes_id: UUID,
    version: int,
    record: SessionRecord,
    signatures: list[dict[str, Any]],
    now: datetime,
) -> MinutesDocument:
    session = record.session
    people = await parties.get_people([p.person_id for p in session.participants])
    organizations = await get_organizations(
        [row["organization_id"] for row in people.values() if row["organization_id"]]
        + [item.owner_organization_id for item in record.action_items]
    )
    room = await _room(session.room_id)
    attendance = {row.person_id: row.status for row in record.attendance}

    def name(person_id: UUID | None) -> str:
        return people[person_id]["name"] if person_id in people else str(person_id)

    def organization_of(person_id: UUID) -> str | None:
        organization_id = people.get(person_id, {}).get("organization_id")
        return organizations[organization_id]["name"] if organization_id in organizations else None

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
        timezone=room["timezone"] if room else DEFAULT_TIMEZONE,
        room=room["name"] if room else None,
        address=room["address"] if room else None,
        participants=tuple(
            MinutesParticipant(
                person_id=str(p.person_id),
                name=name(p.person_id),
                role=p.role,
                organization=organization_of(p.person_id),
                attendance=attendance.get(p.person_id),
            )
            for p in session.participants
        ),
        positions=tuple(
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
        ),
        outcomes=tuple(
            MinutesOutcome(agenda_item=row.agenda_item, status=row.status, terms=row.terms)
            for row in record.outcomes
        ),
        action_items=tuple(
            MinutesActionItem(
                title=row.title,
                owner_organization=organizations[row.owner_organization_id]["name"],
                due_date=row.due_date,
                assignee=name(row.assignee_id) if row.assignee_id else None,
                status=row.status,
            )
            for row in record.action_items
        ),
        signatures=tuple(
            MinutesSignature(
                person_id=str(row["person_id"]),
                name=name(row["person_id"]),
                decision=row["decision"],
                reason=row["reason"],
                signed_at=row["signed_at"],
                version_sha256=row["version_sha256"],
            )
            for row in signatures
        ),
        generated_at=now,
    )


async def _room(room_id: UUID | None) -> dict[str, Any] | None:
    return await rooms.get_room(room_id) if room_id else None
