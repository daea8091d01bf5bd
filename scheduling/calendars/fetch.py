"""Fetching a subscribed calendar over HTTP."""

from __future__ import annotations

import httpx

from core.errors import RuleViolation

FETCH_TIMEOUT_SECONDS = 10
MAX_CALENDAR_BYTES = 10 * 1024 * 1024


async def fetch_calendar(url: str) -> str:
    try:
        async with httpx.AsyncClient(
            timeout=FETCH_TIMEOUT_SECONDS, follow_redirects=True
        ) as client:
            response = await client.get(url)
            response.raise_for_status()
    except httpx.HTTPError as exc:
        raise RuleViolation(
            f"could not fetch the calendar: {exc}", code="calendar_unreachable", field="url"
        ) from exc
    if len(response.content) > MAX_CALENDAR_BYTES:
        raise RuleViolation(
            "the calendar is larger than 10 MiB", code="calendar_too_large", field="url"
        )
    return response.text
