"""Use cases for accounts and bearer tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from core.access import Role, Viewer
from core.audit import record_event
from core.crud import ensure_exists
from core.db import write_transaction
from core.errors import Conflict, RuleViolation, Unauthorized
from core.settings import get_settings
from parties.accounts.passwords import hash_password, password_matches
from parties.tables import AccessToken, Account, Person


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_account(
    email: str, password: str, role: Role, person_id: UUID | None = None, *, demo: bool = False
) -> UUID:
    if len(password) < 8:
        raise RuleViolation(
            "password must have at least 8 characters", code="weak_password", field="password"
        )
    async with write_transaction():
        if await Account.exists().where(Account.email == email):
            raise Conflict(
                f"an account for {email} already exists", code="email_taken", field="email"
            )
        await ensure_exists(Person, person_id, "person", "person_id")
        account = Account(
            email=email,
            password_hash=hash_password(password),
            role=role.value,
            person=person_id,
            demo=demo,
        )
        await account.save()
        await record_event("account.created", "account", account.id, {"role": role.value})
    return UUID(str(account.id))


async def issue_token(email: str, password: str, now: datetime) -> IssuedToken:
    """A new bearer token for the account, valid for the configured time from ``now``."""
    account = await Account.select().where(Account.email == email).first()
    if (
        account is None
        or not account["active"]
        or (account["demo"] and get_settings().is_production)
        or not password_matches(account["password_hash"], password)
    ):
        raise Unauthorized("email or password is wrong", code="invalid_credentials")
    token = secrets.token_urlsafe(32)
    ttl = get_settings().token_ttl_seconds
    async with write_transaction():
        await AccessToken.insert(
            AccessToken(
                id=uuid4(),
                token_sha256=_token_digest(token),
                account=account["id"],
                expires_at=now + timedelta(seconds=ttl),
            )
        )
    return IssuedToken(access_token=token, expires_in=ttl)


async def authenticate(token: str, now: datetime) -> Viewer:
    """The viewer a bearer token stands for; unknown, lapsed or disabled tokens are refused."""
    row = (
        await AccessToken.select(
            AccessToken.expires_at,
            AccessToken.account.id.as_alias("account_id"),
            AccessToken.account.email.as_alias("email"),
            AccessToken.account.role.as_alias("role"),
            AccessToken.account.person.as_alias("person_id"),
            AccessToken.account.active.as_alias("active"),
        )
        .where(AccessToken.token_sha256 == _token_digest(token))
        .first()
    )
    if row is None or not row["active"] or row["expires_at"] <= now:
        raise Unauthorized("the bearer token is unknown or expired", code="invalid_token")
    return Viewer(
        account_id=row["account_id"],
        email=row["email"],
        role=Role(row["role"]),
        person_id=row["person_id"],
    )
