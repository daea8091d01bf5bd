"""Password hashing with argon2id, run off the event loop.

argon2 is slow on purpose (tens to hundreds of milliseconds per hash); on the event loop a
burst of bad logins would stall every other request, /health included."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.db import in_thread

_hasher = PasswordHasher()
#: A hash of no one's password, checked when the email has no account, so that an unknown
#: email costs the same time as a wrong password: timing tells nothing about who has one.
_dummy: tuple[PasswordHasher, str] | None = None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def hash_password_off_loop(password: str) -> str:
    return await in_thread(hash_password, password)


async def password_matches_off_loop(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; with no hash (no such account) a dummy one is checked
    at the same cost and the answer is False."""
    if password_hash is None:
        await in_thread(_matches_dummy, password)
        return False
    return await in_thread(password_matches, password_hash, password)


def _matches_dummy(password: str) -> bool:
    global _dummy
    # Made with the hasher in use, so its cost parameters match the real hashes'.
    if _dummy is None or _dummy[0] is not _hasher:
        _dummy = (_hasher, _hasher.hash("no account has this password"))
    return password_matches(_dummy[1], password)
