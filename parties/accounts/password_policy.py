"""How strong a password must be: long enough, and hard to guess by zxcvbn's estimate."""

from __future__ import annotations

from collections.abc import Sequence

from zxcvbn import zxcvbn

from core.errors import RuleViolation

MIN_LENGTH = 12
#: zxcvbn scores 0-4; 3 means "safely unguessable: moderate protection from offline attacks".
MIN_SCORE = 3
#: zxcvbn's cost grows quickly with length (about 0.5 s at 200 characters); a password is at
#: least as strong as its first 72 characters, which is the library's own default limit.
_ESTIMATED_PREFIX = 72


def ensure_strong_password(
    password: str, *, field: str = "password", user_inputs: Sequence[str] = ()
) -> None:
    """Refuse a weak password with a 422 naming ``field`` and saying what is wrong.

    ``user_inputs`` are words the guesser would try first, such as the account's email."""
    if len(password) < MIN_LENGTH:
        raise RuleViolation(
            f"the password must have at least {MIN_LENGTH} characters",
            code="weak_password",
            field=field,
        )
    estimate = zxcvbn(password[:_ESTIMATED_PREFIX], user_inputs=_words(user_inputs))
    if estimate["score"] < MIN_SCORE:
        feedback = estimate["feedback"]
        advice = " ".join([feedback["warning"], *feedback["suggestions"]]).strip()
        raise RuleViolation(
            f"the password is too easy to guess. {advice}".strip(),
            code="weak_password",
            field=field,
        )


def _words(user_inputs: Sequence[str]) -> list[str]:
    """Each input and, for an email, its local part and domain words as well."""
    words: list[str] = []
    for text in user_inputs:
        words.append(text)
        local, _, domain = text.partition("@")
        words.extend(part for part in (local, *domain.split(".")) if len(part) > 2)
    return words
