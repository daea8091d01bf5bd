"""Who may see and change minutes, decided from the viewer and the session's participants."""

from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from core.access import ARCHIVE_READERS, Role, Viewer
from core.errors import Forbidden
from minutes.errors import minutes_not_found
from minutes.vocabulary import MinutesStatus


def may_read(viewer: Viewer, status: MinutesStatus, participant_ids: Collection[UUID]) -> bool:
    """Staff read all minutes, archivists the sealed ones, a participant those of their sessions."""
    if viewer.is_staff:
        return True
    if viewer.role == Role.ARCHIVIST:
        return status == MinutesStatus.SEALED
    return viewer.person_id is not None and viewer.person_id in participant_ids


def ensure_may_read(
    viewer: Viewer, minutes_id: UUID, status: MinutesStatus, participant_ids: Collection[UUID]
) -> None:
    # 404, not 403: whoever may not read the minutes learns nothing, not even that they exist.
    if not may_read(viewer, status, participant_ids):
        raise minutes_not_found(minutes_id)


def ensure_staff(viewer: Viewer, action: str) -> None:
    if not viewer.is_staff:
        raise Forbidden(
            f"the {viewer.role.value} role may not {action} (coordinators and administrators only)",
            code="role_not_allowed",
        )


def ensure_answers_for_self(viewer: Viewer, person_id: UUID) -> None:
    """A participant signs or refuses only for themselves; staff record anyone's answer."""
    if not (viewer.is_staff or viewer.is_person(person_id)):
        raise Forbidden(
            "participants may only sign for themselves", code="not_your_record", field="person_id"
        )


def ensure_archive_reader(viewer: Viewer) -> None:
    if viewer.role not in ARCHIVE_READERS:
        raise Forbidden(
            f"the {viewer.role.value} role may not read the archive", code="role_not_allowed"
        )
