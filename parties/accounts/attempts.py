"""The login throttle's bookkeeping: every login attempt is written down before its password is
checked, so workers sharing the database also share the count, and simultaneous attempts
cannot all slip under the limit (each counts the ones committed before it)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from uuid import UUID, uuid4

from core.db import write_transaction
from core.errors import TooManyRequests
from parties.accounts.login_throttle import PER_ACCOUNT, PER_ADDRESS, WINDOW, retry_after
from parties.tables import LoginAttempt


def email_key(email: str) -> str:
    """The throttle counts per email tried, account or not, and keeps only this digest."""
    return hashlib.sha256(email.encode()).hexdigest()


async def begin_attempt(email: str, address: str, now: datetime) -> UUID:
    """Write the attempt down, or refuse it (429) when the email or the address has failed too
    often lately. The answer is the same whether or not the email has an account."""
    attempt_id = uuid4()
    key = email_key(email)
    async with write_transaction():
        await LoginAttempt.delete().where(LoginAttempt.at <= now - WINDOW)
        await LoginAttempt.insert(
            LoginAttempt(id=attempt_id, at=now, email_sha256=key, address=address)
        )
    others = await LoginAttempt.select(
        LoginAttempt.at, LoginAttempt.email_sha256, LoginAttempt.address
    ).where(
        ((LoginAttempt.email_sha256 == key) | (LoginAttempt.address == address))
        & (LoginAttempt.at > now - WINDOW)
        & (LoginAttempt.id != attempt_id)
    )
    waits = [
        retry_after([row["at"] for row in others if row["email_sha256"] == key], PER_ACCOUNT, now),
        retry_after([row["at"] for row in others if row["address"] == address], PER_ADDRESS, now),
    ]
    wait = max((seconds for seconds in waits if seconds is not None), default=None)
    if wait is None:
        return attempt_id
    # A refused attempt does not count: it would keep a legitimate user locked out for good.
    await LoginAttempt.delete().where(LoginAttempt.id == attempt_id)
    raise TooManyRequests(
        f"too many failed logins; try again in {wait} seconds",
        retry_after_seconds=wait,
        code="too_many_failed_logins",
    )


async def forget_failures(email: str) -> None:
    """After a successful login the account's earlier failures stop counting (inside the
    caller's transaction). The address's failures at other emails still count."""
    await LoginAttempt.delete().where(LoginAttempt.email_sha256 == email_key(email))
