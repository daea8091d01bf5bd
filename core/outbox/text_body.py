"""The plain-text part of a queued email, as a coordinator reads it."""

from __future__ import annotations

from email import message_from_string, policy
from email.message import EmailMessage


def text_body(message: str) -> str:
    """The text/plain body of the MIME ``message`` (empty when it has none)."""
    parsed = message_from_string(message, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    body = parsed.get_body(preferencelist=("plain",))
    return "" if body is None else str(body.get_content())
