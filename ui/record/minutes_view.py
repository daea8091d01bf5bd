"""What the minutes fragment shows: the session's current minutes, their versions and where
each signer stands (signed, refused with reason, pending, excused)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from core.access import Viewer
from core.errors import NotFound
from hearing.proceedings import service as record_service
from hearing.proceedings.service import SessionRecord
from minutes.drafts import service as drafts
from minutes.drafts.service import MinutesView
from minutes.signing.signers import excused_absentees, signers_of
from minutes.versions import service as versions
from minutes.versions.service import VersionView
from parties.people import service as people

PENDING = "pending"
EXCUSED = "excused"


@dataclass(frozen=True)
class SignerShown:
    person_id: UUID
    name: str
    role: str
    #: The decision recorded for the current version (sign, refuse, and at sealing
    #: not_signed or absent_excused), else pending or excused.
    state: str
    reason: str | None = None
    at: datetime | None = None


@dataclass(frozen=True)
class MinutesShown:
    record: SessionRecord
    minutes: MinutesView | None
    versions: tuple[VersionView, ...]
    signers: tuple[SignerShown, ...]
    #: Staff build and seal; the services refuse what the state does not allow.
    editable: bool


async def _current_minutes(viewer: Viewer, session_id: UUID) -> MinutesView | None:
    try:
        return await drafts.session_minutes(viewer, session_id)
    except NotFound:
        return None


async def _signers(record: SessionRecord, minutes: MinutesView) -> tuple[SignerShown, ...]:
    answers = {s.person_id: s for s in minutes.signatures}
    excused = set(excused_absentees(record, answers))
    roles = {p.person_id: p.role for p in record.session.participants}
    found = await people.get_people(signers_of(record))
    shown = []
    for person_id in signers_of(record):
        name = found[person_id].name if person_id in found else str(person_id)
        answer = answers.get(person_id)
        if answer is not None:
            state, reason, at = answer.decision.value, answer.reason, answer.signed_at
        else:
            state, reason, at = (EXCUSED if person_id in excused else PENDING), None, None
        shown.append(SignerShown(person_id, name, roles[person_id], state, reason, at))
    return tuple(shown)


async def minutes_shown(viewer: Viewer, session_id: UUID) -> MinutesShown:
    """The minutes of ``session_id`` for ``viewer`` (404 when they may not see the session)."""
    record = await record_service.session_record_for(viewer, session_id)
    minutes = await _current_minutes(viewer, session_id)
    if minutes is None:
        return MinutesShown(record, None, (), (), viewer.is_staff)
    return MinutesShown(
        record=record,
        minutes=minutes,
        versions=await versions.list_versions(viewer, minutes.id),
        signers=await _signers(record, minutes),
        editable=viewer.is_staff,
    )
