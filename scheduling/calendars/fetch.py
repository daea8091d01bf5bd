"""Fetching a subscribed calendar over HTTP, through Concord's one guarded outbound client."""

from __future__ import annotations

from core import outbound
from core.errors import RuleViolation
from core.settings import get_settings
from scheduling.calendars.ics_text import calendar_text

#: Each outbound failure as the 422 the person registering the URL sees; the messages are
#: core.outbound's own, which never quote the reply.
_CODES: dict[type[outbound.OutboundError], str] = {
    outbound.OutboundRefused: "calendar_url_refused",
    outbound.OutboundTooLarge: "calendar_too_large",
    outbound.OutboundUnreachable: "calendar_unreachable",
}
_ACCEPT = outbound.Outgoing(headers={"Accept": "text/calendar, */*;q=0.5"})


async def fetch_calendar(url: str) -> str:
    """The calendar at ``url`` as text; 422 naming ``url`` when it may not or cannot be had."""
    try:
        policy = outbound.OutboundPolicy.from_settings(get_settings())
        fetched = await outbound.fetch(url, policy, _ACCEPT)
    except outbound.OutboundError as exc:
        code = next(c for kind, c in _CODES.items() if isinstance(exc, kind))
        raise RuleViolation(f"could not fetch the calendar: {exc}", code=code, field="url") from exc
    return calendar_text(fetched.body, fetched.charset, field="url")
