"""Admins disable accounts; login emails ignore case."""

from __future__ import annotations

from typing import Any

from core.access import Role
from core.audit import events_about
from parties.accounts import service as accounts
from parties.tables import Account
from tests.conftest import PASSWORD, login
from tests.support.api_builders import assert_problem

EMAIL = "clerk@test.example"


async def admin(client: Any) -> dict[str, str]:
    await accounts.create_account("admin@test.example", PASSWORD, Role.ADMIN)
    return await login(client, "admin@test.example")


async def set_active(client: Any, headers: dict[str, str], account_id: Any, active: bool) -> Any:
    return await client.patch(
        f"/api/v1/auth/accounts/{account_id}", json={"active": active}, headers=headers
    )


async def test_a_disabled_account_cannot_log_in_or_use_its_tokens(client) -> None:
    headers = await admin(client)
    account_id = await accounts.create_account(EMAIL, PASSWORD, Role.COORDINATOR)
    held = await login(client, EMAIL)
    pair = (
        await client.post("/api/v1/auth/token", json={"email": EMAIL, "password": PASSWORD})
    ).json()

    response = await set_active(client, headers, account_id, False)

    assert response.status_code == 200, response.text
    assert response.json() == {"id": str(account_id), "active": False}
    assert_problem(await client.get("/api/v1/organizations", headers=held), 401, "invalid_token")
    refreshed = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}
    )
    assert_problem(refreshed, 401, "invalid_token")
    again = await client.post("/api/v1/auth/token", json={"email": EMAIL, "password": PASSWORD})
    assert_problem(again, 401, "invalid_credentials")
    actions = [event.action for event in await events_about([("account", account_id)])]
    assert "account.disabled" in actions


async def test_enabling_an_account_again_lets_it_log_in_but_revives_no_old_token(client) -> None:
    headers = await admin(client)
    account_id = await accounts.create_account(EMAIL, PASSWORD, Role.COORDINATOR)
    held = await login(client, EMAIL)
    await set_active(client, headers, account_id, False)

    assert (await set_active(client, headers, account_id, True)).status_code == 200

    assert_problem(await client.get("/api/v1/organizations", headers=held), 401, "invalid_token")
    fresh = await login(client, EMAIL)
    assert (await client.get("/api/v1/organizations", headers=fresh)).status_code == 200


async def test_only_admins_disable_accounts_and_not_their_own(client, coordinator) -> None:
    headers = await admin(client)
    [me] = await Account.select(Account.id).where(Account.email == "admin@test.example")
    [coordinator_row] = await Account.select(Account.id).where(Account.role == "coordinator")

    forbidden = await set_active(client, coordinator, coordinator_row["id"], False)
    assert_problem(forbidden, 403, "role_not_allowed")
    own = await set_active(client, headers, me["id"], False)
    assert_problem(own, 422, "cannot_disable_self", "active")
    missing = await set_active(client, headers, "00000000-0000-4000-8000-000000000000", False)
    assert_problem(missing, 404, "account_not_found", "id")
    assert await Account.count().where(Account.active.eq(False)) == 0


async def test_unknown_fields_in_an_account_change_are_refused(client) -> None:
    headers = await admin(client)
    account_id = await accounts.create_account(EMAIL, PASSWORD, Role.COORDINATOR)

    response = await client.patch(
        f"/api/v1/auth/accounts/{account_id}",
        json={"active": False, "role": "admin"},
        headers=headers,
    )

    assert response.status_code == 400, response.text
    [row] = await Account.select(Account.active, Account.role).where(Account.id == account_id)
    assert row == {"active": True, "role": "coordinator"}


async def test_login_email_ignores_case_and_surrounding_blanks(client) -> None:
    await accounts.create_account("Wang.Fang@Bureau.Example", PASSWORD, Role.COORDINATOR)

    for typed in (
        "wang.fang@bureau.example",
        "WANG.FANG@BUREAU.EXAMPLE",
        " Wang.Fang@bureau.example ",
    ):
        response = await client.post(
            "/api/v1/auth/token", json={"email": typed, "password": PASSWORD}
        )
        assert response.status_code == 200, (typed, response.text)

    [row] = await Account.select(Account.email)
    assert row["email"] == "wang.fang@bureau.example"


async def test_two_accounts_cannot_differ_only_in_the_case_of_their_email(client) -> None:
    headers = await admin(client)
    await accounts.create_account("wang.fang@bureau.example", PASSWORD, Role.COORDINATOR)

    response = await client.post(
        "/api/v1/auth/accounts",
        json={"email": "WANG.FANG@bureau.example", "password": PASSWORD, "role": "participant"},
        headers=headers,
    )

    assert_problem(response, 409, "email_taken", "email")
