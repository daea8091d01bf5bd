"""Use cases for accounts: creating and disabling them, logging in and out, refreshing tokens and
changing one's password."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from core.access import Role, Viewer
from core.audit import current_actor, record_event
from core.crud import ensure_exists
from core.db import in_thread, write_transaction
from core.errors import Conflict, NotFound, RuleViolation, Unauthorized
from core.settings import get_settings
from parties.accounts import attempts, tokens
from parties.accounts.emails import normalise_email
from parties.accounts.password_policy import ensure_strong_password
from parties.accounts.passwords import hash_password_off_loop, password_matches_off_loop
from parties.accounts.tokens import Revocation, TokenPair
from parties.tables import Account, Person


async def create_account(
    email: str, password: str, role: Role, person_id: UUID | None = None, *, demo: bool = False
) -> UUID:
    email = normalise_email(email)
    await in_thread(ensure_strong_password, password, user_inputs=[email])
    password_hash = await hash_password_off_loop(password)
    async with write_transaction():
        if await Account.exists().where(Account.email == email):
            raise Conflict(
                f"an account for {email} already exists", code="email_taken", field="email"
            )
        await ensure_exists(Person, person_id, "person", "person_id")
        account = Account(
            email=email, password_hash=password_hash, role=role.value, person=person_id, demo=demo
        )
        await account.save()
        await record_event("account.created", "account", account.id, {"role": role.value})
    return UUID(str(account.id))


async def issue_token(email: str, password: str, now: datetime, *, address: str) -> TokenPair:
    """A new login's token pair. Known and unknown emails take the same steps and the same
    time, and a throttled attempt is refused before its password is looked at."""
    now = now.astimezone(UTC)
    email = normalise_email(email)
    await attempts.begin_attempt(email, address, now)
    account = await Account.select().where(Account.email == email).first()
    matches = await password_matches_off_loop(
        None if account is None else account["password_hash"], password
    )
    refusal = _refusal(account, matches)
    async with write_transaction():
        if refusal is None and account is not None:
            await attempts.forget_failures(email)
            pair = await tokens.start_family(account["id"], now)
            # The account logging in is the actor of its own login (no token names it yet).
            actor = current_actor.set(account["id"])
            try:
                await record_event(
                    "account.login", "account", account["id"], {"client_address": address}
                )
            finally:
                current_actor.reset(actor)
            return pair
        # The attempt's row stays: it is the failure the throttle counts.
        await record_event(
            "account.login_failed",
            "account" if account else "login",
            account["id"] if account else attempts.email_key(email),
            {"client_address": address, "reason": refusal},
        )
    raise Unauthorized("email or password is wrong", code="invalid_credentials")


def _refusal(account: dict[str, Any] | None, password_matches: bool) -> str | None:
    """Why a login is refused, for the audit log only: the caller hears the same every time."""
    if account is None:
        return "unknown_email"
    if not password_matches:
        return "wrong_password"
    if not account["active"]:
        return "account_disabled"
    if account["demo"] and get_settings().is_production:
        return "demo_account_in_production"
    return None


async def refresh_tokens(refresh_token: str, now: datetime, *, address: str) -> TokenPair:
    return await tokens.rotate(refresh_token, address, now.astimezone(UTC))


async def log_out(viewer: Viewer, access_token: str, now: datetime) -> None:
    """End the login the token belongs to: its access and refresh tokens stop working."""
    family_id = await tokens.family_of(access_token)
    if family_id is None:
        raise Unauthorized("the bearer token is unknown", code="invalid_token")
    async with write_transaction():
        await tokens.revoke_family(family_id, Revocation.LOGOUT, now.astimezone(UTC))
        await record_event("account.logout", "account", viewer.account_id)


async def change_password(
    viewer: Viewer,
    access_token: str,
    current_password: str,
    new_password: str,
    now: datetime,
    *,
    address: str,
) -> None:
    """Set a new password; every other login of the account ends, the one asking stays."""
    now = now.astimezone(UTC)
    await in_thread(
        ensure_strong_password, new_password, field="new_password", user_inputs=[viewer.email]
    )
    # Guessing the current password with a stolen token is throttled like guessing at login.
    await attempts.begin_attempt(viewer.email, address, now)
    row = await Account.select(Account.password_hash).where(Account.id == viewer.account_id).first()
    if row is None or not await password_matches_off_loop(row["password_hash"], current_password):
        async with write_transaction():
            await record_event(
                "account.password_change_refused",
                "account",
                viewer.account_id,
                {"client_address": address},
            )
        raise RuleViolation(
            "the current password is wrong", code="wrong_password", field="current_password"
        )
    password_hash = await hash_password_off_loop(new_password)
    family_id = await tokens.family_of(access_token)
    async with write_transaction():
        await attempts.forget_failures(viewer.email)
        await Account.update({Account.password_hash: password_hash}).where(
            Account.id == viewer.account_id
        )
        await tokens.revoke_account_families(
            viewer.account_id, Revocation.PASSWORD_CHANGED, now, keep=family_id
        )
        await record_event("account.password_changed", "account", viewer.account_id)


async def set_account_active(viewer: Viewer, account_id: UUID, active: bool, now: datetime) -> None:
    """An admin disables (or enables again) an account; a disabled one can neither log in nor
    use the tokens it holds, and enabling it again does not bring those back."""
    if not active and account_id == viewer.account_id:
        raise RuleViolation(
            "administrators cannot disable their own account",
            code="cannot_disable_self",
            field="active",
        )
    async with write_transaction():
        row = await Account.select(Account.active).where(Account.id == account_id).first()
        if row is None:
            raise NotFound(f"no account with id {account_id}", code="account_not_found", field="id")
        if row["active"] == active:
            return
        await Account.update({Account.active: active}).where(Account.id == account_id)
        if not active:
            await tokens.revoke_account_families(
                account_id, Revocation.ACCOUNT_DISABLED, now.astimezone(UTC)
            )
        await record_event(
            "account.disabled" if not active else "account.enabled", "account", account_id
        )
