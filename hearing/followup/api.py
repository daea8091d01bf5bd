"""HTTP types for action items (follow-up supervision)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import msgspec

from hearing.sessions.api import ShortText


class ActionItemIn(msgspec.Struct):
    title: ShortText
    owner_organization_id: UUID
    due_date: date
    assignee_id: UUID | None = None


class ActionItemRead(msgspec.Struct):
    id: UUID
    session_id: UUID
    title: str
    owner_organization_id: UUID
    due_date: date
    status: str
    assignee_id: UUID | None = None
