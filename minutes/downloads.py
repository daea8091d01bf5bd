"""Every file of the minutes handed out is recorded in the audit log: which bytes, to whom.

The entry is written only once the file has been read back intact from the store, so a refused
or failed download leaves none; its actor is the account logged in (none for a public copy or
a signing link, which the entry then names).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from core.audit import record_event
from core.db import write_transaction


async def record_download(action: str, minutes_id: UUID, data: dict[str, Any]) -> None:
    async with write_transaction():
        await record_event(action, "minutes", minutes_id, data)
