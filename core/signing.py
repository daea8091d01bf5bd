"""Signed tokens for links that act without a login (answering an invitation, signing minutes).

A token says what it is for (its purpose), for whom (its subject, e.g. a session and a
person), until when, and carries an id under which it can be revoked; all four are covered by
the MAC, so a token for one use is refused for another and its expiry cannot be stretched.
The same facts always give the same token: links sit inside calendar events, and a feed or
an invitation that changed on every request would defeat the calendar apps' caching.
Whether a token was revoked is for ``core.links.service`` to say; this module needs no
database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime

from core.errors import Unauthorized
from core.settings import get_settings

_VERSION = "2"
_MAC_BYTES = 16
_SEPARATOR = "|"


@dataclass(frozen=True)
class LinkClaims:
    purpose: str
    subject: str
    token_id: str
    expires_at: datetime


def _key() -> bytes:
    return get_settings().secret_key.encode()


def _mac(payload: bytes) -> bytes:
    return hmac.new(_key(), payload, hashlib.sha256).digest()[:_MAC_BYTES]


def _token_id(purpose: str, subject: str, expires: int) -> str:
    # Derived, not random, so the same link is issued again for the same facts (see above);
    # keyed, so an id tells nothing to whoever sees it in the revocation list.
    digest = hmac.new(_key(), f"id|{purpose}|{subject}|{expires}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()[:12]).decode()


def issue(purpose: str, subject: str, expires_at: datetime) -> str:
    """A token for ``purpose`` and ``subject`` that stops working at ``expires_at``."""
    if _SEPARATOR in purpose:
        raise ValueError(f"a purpose cannot contain {_SEPARATOR!r}")
    expires = int(expires_at.timestamp())
    fields = (_VERSION, purpose, _token_id(purpose, subject, expires), str(expires), subject)
    data = _SEPARATOR.join(fields).encode()
    return base64.urlsafe_b64encode(data + _mac(data)).decode().rstrip("=")


def invalid_token(field: str, detail: str = "the link is not valid") -> Unauthorized:
    return Unauthorized(detail, code="invalid_token", field=field)


def read_signed(token: str, field: str = "token") -> LinkClaims:
    """The claims of a token made by :func:`issue`, whatever its purpose or expiry; 401 if it
    was altered or made with another key."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, TypeError) as exc:
        raise invalid_token(field) from exc
    data, mac = raw[:-_MAC_BYTES], raw[-_MAC_BYTES:]
    if len(raw) <= _MAC_BYTES or not hmac.compare_digest(mac, _mac(data)):
        raise invalid_token(field)
    try:
        version, purpose, token_id, expires, subject = data.decode().split(_SEPARATOR, 4)
        expires_at = datetime.fromtimestamp(int(expires), UTC)
    except (UnicodeDecodeError, ValueError, OverflowError, OSError) as exc:
        raise invalid_token(field) from exc
    if version != _VERSION:
        raise invalid_token(field)
    return LinkClaims(purpose, subject, token_id, expires_at)


def read(token: str, purpose: str, now: datetime, field: str = "token") -> LinkClaims:
    """The claims of an unexpired token made for ``purpose``; 401 otherwise."""
    claims = read_signed(token, field)
    if not hmac.compare_digest(claims.purpose, purpose):
        raise invalid_token(field, "this link is for something else")
    if now >= claims.expires_at:
        raise Unauthorized("the link has expired", code="token_expired", field=field)
    return claims
