"""The address a request came from, as the login throttle counts it."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection

from core.settings import get_settings

#: Longer than any IPv6 address; what a forged header carries beyond it is dropped.
_MAX_LENGTH = 64


def client_address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The peer's address. X-Forwarded-For is anyone's to write, so it is read only when a
    setting says a proxy in front sets it, and then only its last entry: the one that proxy
    added (earlier entries come from the client and prove nothing)."""
    if get_settings().trust_forwarded_for:
        forwarded = connection.headers.get("x-forwarded-for", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last[:_MAX_LENGTH]
    client = connection.client
    return (client.host if client else "unknown")[:_MAX_LENGTH]
