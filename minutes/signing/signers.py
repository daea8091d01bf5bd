"""Who signs the minutes, and who has yet to answer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from uuid import UUID

from hearing.vocabulary import ParticipantRole

if TYPE_CHECKING:
    from hearing.proceedings.service import SessionRecord


def signers_of(record: SessionRecord) -> list[UUID]:
    """Every participant signs the minutes except observers (rule 10)."""
    return [p.person_id for p in record.session.participants if p.role != ParticipantRole.OBSERVER]


def pending_signers(record: SessionRecord, answered: Iterable[UUID]) -> tuple[UUID, ...]:
    """The signers, in the session's order, who have not answered for the current version."""
    done = set(answered)
    return tuple(person_id for person_id in signers_of(record) if person_id not in done)


def participants_of(record: SessionRecord) -> frozenset[UUID]:
    """Everyone who takes part in the session, observers included: they may read its minutes."""
    return frozenset(p.person_id for p in record.session.participants)
