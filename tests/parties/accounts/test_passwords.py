"""argon2 runs off the event loop, and an unknown email costs a hash check like a known one."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Literal

import pytest
from argon2 import PasswordHasher

from core.access import Role
from core.errors import Unauthorized
from parties.accounts import passwords
from parties.accounts import service as accounts

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


class CountingHasher(PasswordHasher):
    """The tests' cheap hasher, noting which thread verifies which hash."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.verified: list[tuple[str, int]] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        self.verified.append((str(hash), threading.get_ident()))
        return super().verify(hash, password)


async def test_a_password_is_verified_on_another_thread(monkeypatch) -> None:
    hasher = CountingHasher()
    monkeypatch.setattr(passwords, "_hasher", hasher)
    stored = await passwords.hash_password_off_loop("correct-horse-battery")

    assert await passwords.password_matches_off_loop(stored, "correct-horse-battery")
    assert not await passwords.password_matches_off_loop(stored, "wrong-horse-battery")

    assert [h for h, _ in hasher.verified] == [stored, stored]
    assert all(thread != threading.get_ident() for _, thread in hasher.verified)


async def test_no_account_still_costs_one_verification_with_the_same_hasher(monkeypatch) -> None:
    hasher = CountingHasher()
    monkeypatch.setattr(passwords, "_hasher", hasher)
    stored = hasher.hash("correct-horse-battery")

    assert not await passwords.password_matches_off_loop(None, "correct-horse-battery")
    assert not await passwords.password_matches_off_loop(None, "no account has this password")

    [(first, _), (second, _)] = hasher.verified
    assert first == second
    # The dummy hash carries the real hashes' cost parameters, so it takes as long to check.
    assert first.rsplit("$", 2)[0] == stored.rsplit("$", 2)[0]


async def test_a_login_with_an_unknown_email_checks_a_hash_as_a_known_one_does(
    db, monkeypatch
) -> None:
    hasher = CountingHasher()
    monkeypatch.setattr(passwords, "_hasher", hasher)
    await accounts.create_account("known@example.cn", "correct-horse-battery", Role.COORDINATOR)
    refusals = []

    for email in ("known@example.cn", "unknown@example.cn"):
        with pytest.raises(Unauthorized) as caught:
            await accounts.issue_token(email, "wrong-horse-battery", NOW, address="192.0.2.1")
        refusals.append((caught.value.code, caught.value.message))

    assert len(hasher.verified) == 2
    assert refusals[0] == refusals[1]
