"""Accounts created before emails were normalised get lower-case emails; clashes stop the
migration instead of merging two people's accounts."""

from __future__ import annotations

import importlib
from uuid import uuid4

import pytest

from parties.tables import Account

migration = importlib.import_module("parties.piccolo_migrations.parties_2026_12_02t01_20_00_000000")


async def add_account(email: str) -> None:
    await Account.insert(Account(id=uuid4(), email=email, password_hash="x", role="coordinator"))


async def test_existing_emails_are_lower_cased(db) -> None:
    await add_account("Wang.Fang@Bureau.Example")
    await add_account("li@example.cn")

    await migration.lower_case_emails()

    emails = sorted(row["email"] for row in await Account.select(Account.email))
    assert emails == ["li@example.cn", "wang.fang@bureau.example"]


async def test_emails_differing_only_in_case_stop_the_migration_and_are_named(db) -> None:
    await add_account("Wang.Fang@Bureau.Example")
    await add_account("wang.fang@bureau.example")

    with pytest.raises(RuntimeError, match=r"wang\.fang@bureau\.example"):
        await migration.lower_case_emails()

    emails = sorted(row["email"] for row in await Account.select(Account.email))
    assert emails == ["Wang.Fang@Bureau.Example", "wang.fang@bureau.example"]
