"""The signing link emailed to each signer: a signed token naming the minutes, the person and
the exact version they are asked to answer for.

The token carries no expiry of its own: it stops working when its version stops being the one
to sign (a newer version is built, or the minutes are sealed) or once its person has answered
for it, which the signing use case checks against the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from uuid import UUID

from core.errors import Unauthorized
from core.settings import get_settings
from core.signing import sign, unsign

#: Keeps a signing token from being taken for another kind of token (an RSVP's, say).
PURPOSE = "minutes-sign"
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class SigningGrant:
    """What a signing token lets its holder do: answer as ``person_id`` for one version."""

    minutes_id: UUID
    person_id: UUID
    version_sha256: str


def invalid_token(detail: str = "the signing link is not valid") -> Unauthorized:
    return Unauthorized(detail, code="invalid_token", field="token")


def signing_token(grant: SigningGrant) -> str:
    return sign(f"{PURPOSE}:{grant.minutes_id}:{grant.person_id}:{grant.version_sha256}")


def read_signing_token(token: str) -> SigningGrant:
    """The grant of a token made by :func:`signing_token`; 401 invalid_token if it was altered
    or is some other kind of token."""
    purpose, _, rest = unsign(token).partition(":")
    minutes_id, _, rest = rest.partition(":")
    person_id, _, version_sha256 = rest.partition(":")
    if purpose != PURPOSE or not _SHA256_HEX.fullmatch(version_sha256):
        raise invalid_token()
    try:
        return SigningGrant(UUID(minutes_id), UUID(person_id), version_sha256)
    except ValueError as exc:
        raise invalid_token() from exc


def signing_page_url(token: str) -> str:
    """The page where the token's person reads the minutes and answers, without logging in."""
    return f"{get_settings().public_url}/ui/p/{token}"
