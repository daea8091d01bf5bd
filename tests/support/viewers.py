"""Viewers for service tests: who is asking, as the authentication middleware would say."""

from __future__ import annotations

from uuid import UUID, uuid4

from core.access import Role, Viewer


def viewer(role: Role, person_id: UUID | None = None) -> Viewer:
    return Viewer(uuid4(), f"{role.value}@test.example", role, person_id)


def participant(person_id: UUID) -> Viewer:
    """A participant account bound to the person ``person_id``."""
    return viewer(Role.PARTICIPANT, person_id)


COORDINATOR = viewer(Role.COORDINATOR)
