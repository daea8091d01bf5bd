"""Login emails compare without regard to case or surrounding blanks."""

from __future__ import annotations


def normalise_email(email: str) -> str:
    """The form an account's email is stored and looked up in.

    Mail providers treat the local part case-insensitively in practice, and people type
    ``Zhang@Example.cn`` as often as ``zhang@example.cn``: both must reach one account."""
    return email.strip().lower()
