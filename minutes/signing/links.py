"""The signing link emailed to each signer: a signed token naming the minutes, the person and
the exact version they are asked to answer for.

It stops working when the signing window it was sent for ends (its expiry), when staff
revoke it, when its version stops being the one to sign (a newer version is built, or the
minutes are sealed) or once its person has answered for it; the last two are checked by the
signing use case against the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from core import signing
from core.errors import Unauthorized
from core.links.service import read_link
from core.settings import get_settings

#: Keeps a signing token from being taken for another kind of token (an RSVP's, say).
PURPOSE = "minutes-sign"
#: Signing links tried through the API or the page share one budget per address: guessing
#: through both at once is no faster than through one.
SIGNING_LINKS = "signing_link"
#: However short a jurisdiction's signing window (0: seal at once), a link mailed now is
#: given a day to be opened.
SHORTEST_LINK_LIFE = timedelta(days=1)
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class SigningGrant:
    """What a signing token lets its holder do: answer as ``person_id`` for one version."""

    minutes_id: UUID
    person_id: UUID
    version_sha256: str


def invalid_token(detail: str = "the signing link is not valid") -> Unauthorized:
    return Unauthorized(detail, code="invalid_token", field="token")


def signing_link_expiry(sent_at: datetime, signing_window: timedelta) -> datetime:
    return sent_at + max(signing_window, SHORTEST_LINK_LIFE)


def signing_token(grant: SigningGrant, expires_at: datetime) -> str:
    subject = f"{grant.minutes_id}:{grant.person_id}:{grant.version_sha256}"
    return signing.issue(PURPOSE, subject, expires_at)


async def read_signing_token(token: str, now: datetime) -> SigningGrant:
    """The grant of a live token made by :func:`signing_token`; 401 if it was altered, is some
    other kind of token, has expired or was revoked."""
    subject = (await read_link(token, PURPOSE, now)).subject
    minutes_id, _, rest = subject.partition(":")
    person_id, _, version_sha256 = rest.partition(":")
    if not _SHA256_HEX.fullmatch(version_sha256):
        raise invalid_token()
    try:
        return SigningGrant(UUID(minutes_id), UUID(person_id), version_sha256)
    except ValueError as exc:
        raise invalid_token() from exc


def signing_page_url(token: str) -> str:
    """The page where the token's person reads the minutes and answers, without logging in."""
    return f"{get_settings().public_url}/ui/p/{token}"
