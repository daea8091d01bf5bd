"""The password policy on its own: long enough, and hard to guess by zxcvbn's estimate."""

from __future__ import annotations

import pytest

from core.errors import RuleViolation
from parties.accounts.password_policy import ensure_strong_password


@pytest.mark.parametrize("weak", ["12345678", "password1234", "aaaaaaaaaaaaaaaa", "qwertyuiop123"])
def test_short_or_common_passwords_are_refused_naming_the_field_and_the_reason(weak) -> None:
    with pytest.raises(RuleViolation) as caught:
        ensure_strong_password(weak)

    assert (caught.value.code, caught.value.field) == ("weak_password", "password")
    assert caught.value.message.startswith("the password")


def test_a_short_password_is_told_the_length_it_needs() -> None:
    with pytest.raises(RuleViolation) as caught:
        ensure_strong_password("Vq8#zL2!mR4", field="new_password")

    assert caught.value.field == "new_password"
    assert "12 characters" in caught.value.message


def test_a_guessable_password_is_told_why() -> None:
    with pytest.raises(RuleViolation) as caught:
        ensure_strong_password("password1234")

    assert "common password" in caught.value.message


@pytest.mark.parametrize(
    "strong", ["correct-horse-battery", "mediation-demo-2026", "x" + "Qz7!" * 60]
)
def test_long_unguessable_passwords_pass(strong) -> None:
    ensure_strong_password(strong)


def test_the_accounts_own_email_counts_as_an_easy_guess() -> None:
    ensure_strong_password("liuxiaoming2026")
    with pytest.raises(RuleViolation):
        ensure_strong_password("liuxiaoming2026", user_inputs=["liuxiaoming@bureau.example"])
