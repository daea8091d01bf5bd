"""Signed tokens for links that act without a login (answering an invitation)."""

from __future__ import annotations

import base64
import hashlib
import hmac

from core.errors import Unauthorized
from core.settings import get_settings


def _mac(payload: bytes) -> bytes:
    return hmac.new(get_settings().secret_key.encode(), payload, hashlib.sha256).digest()[:16]


def sign(payload: str) -> str:
    data = payload.encode()
    return base64.urlsafe_b64encode(data + _mac(data)).decode().rstrip("=")


def unsign(token: str, field: str = "token") -> str:
    """The payload of a token made by :func:`sign`, or Unauthorized if it was altered."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, TypeError) as exc:
        raise Unauthorized("the link is not valid", code="invalid_token", field=field) from exc
    data, mac = raw[:-16], raw[-16:]
    if len(raw) <= 16 or not hmac.compare_digest(mac, _mac(data)):
        raise Unauthorized("the link is not valid", code="invalid_token", field=field)
    return data.decode()
