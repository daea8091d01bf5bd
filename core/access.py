"""Account roles and what each may do."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    COORDINATOR = "coordinator"
    PARTICIPANT = "participant"
    ARCHIVIST = "archivist"
    ADMIN = "admin"


#: Roles allowed to compose, book and record sessions.
STAFF = frozenset({Role.COORDINATOR, Role.ADMIN})
#: Roles allowed to read and verify the archive.
ARCHIVE_READERS = frozenset({Role.COORDINATOR, Role.ADMIN, Role.ARCHIVIST})
