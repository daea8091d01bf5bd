"""Who signs the minutes, who has yet to answer, and who is excused from answering."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from uuid import UUID

from hearing.vocabulary import AttendanceStatus, ParticipantRole

if TYPE_CHECKING:
    from hearing.proceedings.service import SessionRecord


def signers_of(record: SessionRecord) -> list[UUID]:
    """Every participant signs the minutes except observers (rule 10)."""
    return [p.person_id for p in record.session.participants if p.role != ParticipantRole.OBSERVER]


def _excused(record: SessionRecord) -> frozenset[UUID]:
    return frozenset(
        row.person_id for row in record.attendance if row.status == AttendanceStatus.ABSENT_EXCUSED
    )


def pending_signers(record: SessionRecord, answered: Iterable[UUID]) -> tuple[UUID, ...]:
    """The signers, in the session's order, who have not answered for the current version.

    A signer whose absence was excused may still sign but is not waited for: they were not
    there to check the minutes, so sealing does not hang on them.
    """
    done = set(answered) | _excused(record)
    return tuple(person_id for person_id in signers_of(record) if person_id not in done)


def excused_absentees(record: SessionRecord, answered: Iterable[UUID]) -> tuple[UUID, ...]:
    """The signers, in the session's order, absent with an excuse and without an answer."""
    done = set(answered)
    excused = _excused(record)
    return tuple(p for p in signers_of(record) if p in excused and p not in done)


def participants_of(record: SessionRecord) -> frozenset[UUID]:
    """Everyone who takes part in the session, observers included: they may read its minutes."""
    return frozenset(p.person_id for p in record.session.participants)
