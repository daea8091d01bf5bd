"""Account roles, and the viewer every use case is given to decide what it may see and do."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from core.errors import Forbidden


class Role(StrEnum):
    COORDINATOR = "coordinator"
    PARTICIPANT = "participant"
    ARCHIVIST = "archivist"
    ADMIN = "admin"


#: Roles allowed to compose, book and record sessions.
STAFF = frozenset({Role.COORDINATOR, Role.ADMIN})
#: Roles allowed to read and verify the archive.
ARCHIVE_READERS = frozenset({Role.COORDINATOR, Role.ADMIN, Role.ARCHIVIST})


@dataclass(frozen=True)
class Viewer:
    """Who is asking. Services decide access from it; controllers only pass it on."""

    account_id: UUID
    email: str
    role: Role
    person_id: UUID | None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF

    @property
    def participant_person_id(self) -> UUID | None:
        """The person whose sessions this viewer sees as one of their participants.

        Only participant accounts have one: staff see every session anyway, and archivists
        read sealed records only, even of sessions they sat in, through the minutes.
        """
        return self.person_id if self.role is Role.PARTICIPANT else None

    def is_person(self, person_id: UUID | None) -> bool:
        """True when the viewer is the person ``person_id`` (a participant acting for self)."""
        return person_id is not None and self.person_id == person_id


def ensure_self_or_staff(viewer: Viewer, person_id: UUID | None) -> None:
    """Participants act only for themselves; staff act for anyone."""
    if viewer.is_staff or viewer.is_person(person_id):
        return
    raise Forbidden(
        "participants may only act for themselves", code="not_your_record", field="person_id"
    )
