"""The password policy where accounts are created and where a password is changed."""

from __future__ import annotations

import os
from typing import Any

import pytest

from cli import main
from core.access import Role
from core.audit import events_about
from parties.accounts import service as accounts
from parties.tables import Account
from tests.conftest import PASSWORD, login
from tests.support.api_builders import assert_problem

EMAIL = "clerk@test.example"
NEW_PASSWORD = "lantern-harbour-quietly"


async def admin(client: Any) -> dict[str, str]:
    await accounts.create_account("admin@test.example", PASSWORD, Role.ADMIN)
    return await login(client, "admin@test.example")


async def log_in(client: Any, password: str) -> Any:
    return await client.post("/api/v1/auth/token", json={"email": EMAIL, "password": password})


@pytest.mark.parametrize("weak", ["12345678", "password1234"])
async def test_an_admin_cannot_create_an_account_with_a_weak_password(client, weak) -> None:
    headers = await admin(client)

    response = await client.post(
        "/api/v1/auth/accounts",
        json={"email": EMAIL, "password": weak, "role": "coordinator"},
        headers=headers,
    )

    assert_problem(response, 422, "weak_password", "password")
    assert response.json()["detail"].startswith("the password")
    assert not await Account.exists().where(Account.email == EMAIL)


async def test_an_admin_creates_an_account_with_a_strong_password(client) -> None:
    headers = await admin(client)

    response = await client.post(
        "/api/v1/auth/accounts",
        json={"email": EMAIL, "password": NEW_PASSWORD, "role": "coordinator"},
        headers=headers,
    )

    assert response.status_code == 201, response.text
    assert (await log_in(client, NEW_PASSWORD)).status_code == 200


def test_create_account_on_the_command_line_refuses_a_weak_password(db, monkeypatch, capsys):
    monkeypatch.setitem(os.environ, "CONCORD_NEW_PASSWORD", "password1234")

    assert main(["create-account", "first-admin@test.example"]) == 1

    assert "password: the password is too easy to guess" in capsys.readouterr().err


async def change(client: Any, headers: dict[str, str], current: str, new: str) -> Any:
    return await client.post(
        "/api/v1/auth/password",
        json={"current_password": current, "new_password": new},
        headers=headers,
    )


async def test_a_password_change_keeps_this_login_and_ends_the_others(client) -> None:
    account_id = await accounts.create_account(EMAIL, PASSWORD, Role.COORDINATOR)
    mine, elsewhere = await login(client, EMAIL), await login(client, EMAIL)

    response = await change(client, mine, PASSWORD, NEW_PASSWORD)

    assert response.status_code == 204, response.text
    assert (await client.get("/api/v1/organizations", headers=mine)).status_code == 200
    gone = await client.get("/api/v1/organizations", headers=elsewhere)
    assert_problem(gone, 401, "invalid_token")
    assert_problem(await log_in(client, PASSWORD), 401, "invalid_credentials")
    assert (await log_in(client, NEW_PASSWORD)).status_code == 200
    actions = [event.action for event in await events_about([("account", account_id)])]
    assert "account.password_changed" in actions


@pytest.mark.parametrize("weak", ["12345678", "password1234"])
async def test_a_weak_new_password_is_refused_naming_new_password(client, weak) -> None:
    await accounts.create_account(EMAIL, PASSWORD, Role.COORDINATOR)
    mine = await login(client, EMAIL)

    assert_problem(await change(client, mine, PASSWORD, weak), 422, "weak_password", "new_password")
    assert (await log_in(client, PASSWORD)).status_code == 200


async def test_a_wrong_current_password_changes_nothing_and_is_throttled(client) -> None:
    await accounts.create_account(EMAIL, PASSWORD, Role.COORDINATOR)
    mine = await login(client, EMAIL)

    for _ in range(5):
        response = await change(client, mine, "not-my-password", NEW_PASSWORD)
        assert_problem(response, 422, "wrong_password", "current_password")

    assert_problem(
        await change(client, mine, PASSWORD, NEW_PASSWORD), 429, "too_many_failed_logins"
    )
    assert_problem(await log_in(client, NEW_PASSWORD), 429, "too_many_failed_logins")


async def test_changing_a_password_needs_a_login(client) -> None:
    response = await change(client, {}, PASSWORD, NEW_PASSWORD)

    assert_problem(response, 401, "unauthorized")
