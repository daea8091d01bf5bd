"""Reading back the answer link an invitation carries, as its participant would click it."""

from __future__ import annotations

import re
from typing import Any

import icalendar

TOKEN = re.compile(r"answer\?token=(\S+)")


async def token_from_invite(
    client: Any, headers: dict[str, str], session_id: str, person_id: str
) -> str:
    """The token of the answer link in ``person_id``'s invitation to the session."""
    response = await client.get(
        f"/api/v1/sessions/{session_id}/invite.ics",
        params={"person_id": person_id},
        headers=headers,
    )
    [event] = icalendar.Calendar.from_ical(response.text).walk("VEVENT")
    match = TOKEN.search(str(event["DESCRIPTION"]))
    assert match, event["DESCRIPTION"]
    return match.group(1)
