"""Bearer tokens. A login starts a family; each refresh token works once and is exchanged for a
new pair of the same family; revoking the family ends every token descended from that login.
Only SHA-256 digests of tokens are stored, and all state is in the database, so any worker
accepts or refuses a token the same way."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID, uuid4

from core.access import Role, Viewer
from core.audit import record_event
from core.db import write_transaction
from core.errors import Unauthorized
from core.settings import get_settings
from parties.tables import AccessToken, RefreshToken, TokenFamily


class Revocation(StrEnum):
    LOGOUT = "logout"
    REFRESH_REUSED = "refresh_reused"
    PASSWORD_CHANGED = "password_changed"
    ACCOUNT_DISABLED = "account_disabled"


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    expires_in: int
    refresh_token: str
    refresh_expires_in: int


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def start_family(account_id: UUID, now: datetime) -> TokenPair:
    """The first pair of a new login, inside the caller's transaction."""
    family_id = uuid4()
    await TokenFamily.insert(TokenFamily(id=family_id, account=account_id, created_at=now))
    return await _issue_pair(account_id, family_id, now)


async def _issue_pair(account_id: UUID, family_id: UUID, now: datetime) -> TokenPair:
    settings = get_settings()
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    await AccessToken.insert(
        AccessToken(
            id=uuid4(),
            token_sha256=token_digest(access),
            account=account_id,
            family=family_id,
            expires_at=now + timedelta(seconds=settings.token_ttl_seconds),
        )
    )
    await RefreshToken.insert(
        RefreshToken(
            id=uuid4(),
            token_sha256=token_digest(refresh),
            family=family_id,
            expires_at=now + timedelta(seconds=settings.refresh_token_ttl_seconds),
        )
    )
    return TokenPair(
        access_token=access,
        expires_in=settings.token_ttl_seconds,
        refresh_token=refresh,
        refresh_expires_in=settings.refresh_token_ttl_seconds,
    )


async def rotate(refresh_token: str, address: str, now: datetime) -> TokenPair:
    """A new pair for a refresh token that has not been used; a second use revokes the family
    (whoever used it first may be a thief) and is refused like any invalid token."""
    reused = False
    pair: TokenPair | None = None
    async with write_transaction():
        row = (
            await RefreshToken.select(
                RefreshToken.id,
                RefreshToken.expires_at,
                RefreshToken.used_at,
                RefreshToken.family.id.as_alias("family_id"),
                RefreshToken.family.revoked_at.as_alias("revoked_at"),
                RefreshToken.family._.account._.id.as_alias("account_id"),
                RefreshToken.family._.account._.active.as_alias("active"),
            )
            .where(RefreshToken.token_sha256 == token_digest(refresh_token))
            .first()
        )
        if row is not None and row["revoked_at"] is None:
            # Marking it used only where it is still unused makes two simultaneous uses
            # (two workers) end as one rotation and one reuse.
            claimed = (
                await RefreshToken.update({RefreshToken.used_at: now})
                .where((RefreshToken.id == row["id"]) & RefreshToken.used_at.is_null())
                .returning(RefreshToken.id)
            )
            if not claimed:
                reused = True
                await revoke_family(row["family_id"], Revocation.REFRESH_REUSED, now)
                await record_event(
                    "account.refresh_reused",
                    "account",
                    row["account_id"],
                    {"family_id": str(row["family_id"]), "client_address": address},
                )
            elif row["active"] and row["expires_at"] > now:
                pair = await _issue_pair(row["account_id"], row["family_id"], now)
    # Raised after the transaction, so that the revocation is kept.
    if reused:
        raise Unauthorized(
            "this refresh token was already used: every token of its login is revoked",
            code="refresh_token_reused",
        )
    if pair is None:
        raise Unauthorized("the refresh token is unknown, expired or revoked", code="invalid_token")
    return pair


async def revoke_family(family_id: UUID, reason: Revocation, now: datetime) -> None:
    await TokenFamily.update(
        {TokenFamily.revoked_at: now, TokenFamily.revoked_reason: reason.value}
    ).where((TokenFamily.id == family_id) & TokenFamily.revoked_at.is_null())


async def revoke_account_families(
    account_id: UUID, reason: Revocation, now: datetime, *, keep: UUID | None = None
) -> None:
    """Revoke every live login of the account but ``keep`` (the one asking, when it stays)."""
    condition = (TokenFamily.account == account_id) & TokenFamily.revoked_at.is_null()
    if keep is not None:
        condition &= TokenFamily.id != keep
    await TokenFamily.update(
        {TokenFamily.revoked_at: now, TokenFamily.revoked_reason: reason.value}
    ).where(condition)


async def family_of(access_token: str) -> UUID | None:
    row = (
        await AccessToken.select(AccessToken.family)
        .where(AccessToken.token_sha256 == token_digest(access_token))
        .first()
    )
    return None if row is None else row["family"]


#: The one query behind every authenticated request, written once: building it through the
#: query builder cost more than running it.
_VIEWER_OF_TOKEN = """
SELECT t.expires_at, f.revoked_at, a.id AS account_id, a.email, a.role, a.person AS person_id,
       a.active
FROM access_tokens t
JOIN token_families f ON f.id = t.family
JOIN accounts a ON a.id = t.account
WHERE t.token_sha256 = {}
"""


async def authenticate(token: str, now: datetime) -> Viewer:
    """The viewer a bearer token stands for; unknown, lapsed, revoked or disabled ones are
    refused."""
    rows = await AccessToken.raw(_VIEWER_OF_TOKEN, token_digest(token))
    row = rows[0] if rows else None
    if (
        row is None
        or row["revoked_at"] is not None
        or not row["active"]
        or row["expires_at"] <= now
    ):
        raise Unauthorized("the bearer token is unknown, expired or revoked", code="invalid_token")
    return Viewer(
        account_id=row["account_id"],
        email=row["email"],
        role=Role(row["role"]),
        person_id=row["person_id"],
    )
