"""Bearer tokens over HTTP: a login's pair, refresh with rotation and reuse detection, logout,
expiry."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from core.access import Role
from core.audit import events_about
from core.settings import get_settings
from parties.accounts import service as accounts
from parties.accounts import tokens
from tests.conftest import PASSWORD
from tests.support.api_builders import assert_problem

EMAIL = "clerk@test.example"


async def log_in(client: Any, email: str = EMAIL, password: str = PASSWORD) -> dict[str, Any]:
    response = await client.post("/api/v1/auth/token", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def refresh(client: Any, refresh_token: str) -> Any:
    return await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token})


def bearer(pair: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {pair['access_token']}"}


async def can_read(client: Any, pair: dict[str, Any]) -> bool:
    response = await client.get("/api/v1/organizations", headers=bearer(pair))
    assert response.status_code in (200, 401), response.text
    return bool(response.status_code == 200)


async def test_a_login_returns_an_access_and_a_refresh_token(client) -> None:
    await accounts.create_account(EMAIL, PASSWORD, Role.COORDINATOR)

    pair = await log_in(client)

    settings = get_settings()
    assert pair["token_type"] == "bearer"
    assert pair["expires_in"] == settings.token_ttl_seconds
    assert pair["refresh_expires_in"] == settings.refresh_token_ttl_seconds
    assert pair["access_token"] != pair["refresh_token"]
    assert await can_read(client, pair)
    # A refresh token is no bearer token.
    assert not await can_read(client, {"access_token": pair["refresh_token"]})


async def test_a_refresh_token_buys_a_new_pair_once(client) -> None:
    await accounts.create_account(EMAIL, PASSWORD, Role.COORDINATOR)
    first = await log_in(client)

    response = await refresh(client, first["refresh_token"])

    assert response.status_code == 200, response.text
    second = response.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert await can_read(client, second)
    third = await refresh(client, second["refresh_token"])
    assert third.status_code == 200, third.text


async def test_reusing_a_refresh_token_revokes_every_token_of_that_login(client) -> None:
    account_id = await accounts.create_account(EMAIL, PASSWORD, Role.COORDINATOR)
    first = await log_in(client)
    other_login = await log_in(client)
    second = (await refresh(client, first["refresh_token"])).json()
    third = (await refresh(client, second["refresh_token"])).json()

    reused = await refresh(client, first["refresh_token"])

    assert_problem(reused, 401, "refresh_token_reused")
    for descendant in (first, second, third):
        assert not await can_read(client, descendant)
    assert_problem(await refresh(client, third["refresh_token"]), 401, "invalid_token")
    # Another login of the same account is another family: it goes on working.
    assert await can_read(client, other_login)
    [event] = [e for e in await events_about([("account", account_id)]) if "reused" in e.action]
    assert event.action == "account.refresh_reused"
    assert event.data["client_address"]


async def test_an_unknown_refresh_token_is_refused(client) -> None:
    assert_problem(await refresh(client, "never-issued"), 401, "invalid_token")


async def test_after_logout_the_access_and_refresh_tokens_stop_working(client) -> None:
    account_id = await accounts.create_account(EMAIL, PASSWORD, Role.COORDINATOR)
    pair = await log_in(client)
    other_login = await log_in(client)

    response = await client.post("/api/v1/auth/logout", headers=bearer(pair))

    assert response.status_code == 204, response.text
    assert_problem(
        await client.get("/api/v1/organizations", headers=bearer(pair)), 401, "invalid_token"
    )
    assert_problem(await refresh(client, pair["refresh_token"]), 401, "invalid_token")
    assert_problem(
        await client.post("/api/v1/auth/logout", headers=bearer(pair)), 401, "invalid_token"
    )
    assert await can_read(client, other_login)
    actions = [event.action for event in await events_about([("account", account_id)])]
    assert actions.count("account.logout") == 1


async def test_logout_needs_a_token(client) -> None:
    assert_problem(await client.post("/api/v1/auth/logout"), 401, "unauthorized")


async def test_tokens_that_outlived_their_settings_are_refused(client, monkeypatch) -> None:
    await accounts.create_account(EMAIL, PASSWORD, Role.COORDINATOR)
    lapsing = replace(get_settings(), token_ttl_seconds=0, refresh_token_ttl_seconds=0)
    monkeypatch.setattr(tokens, "get_settings", lambda: lapsing)

    pair = await log_in(client)

    assert pair["expires_in"] == 0
    assert not await can_read(client, pair)
    assert_problem(await refresh(client, pair["refresh_token"]), 401, "invalid_token")


async def test_a_login_and_a_failed_one_are_in_the_audit_log_without_the_password(client) -> None:
    account_id = await accounts.create_account(EMAIL, PASSWORD, Role.COORDINATOR)
    await log_in(client)
    wrong = "not-the-password-at-all"
    response = await client.post("/api/v1/auth/token", json={"email": EMAIL, "password": wrong})
    assert_problem(response, 401, "invalid_credentials")

    events = {e.action: e for e in await events_about([("account", account_id)])}

    assert events["account.login"].data["client_address"] == "testclient"
    assert events["account.login"].actor_account_id == account_id
    failed = events["account.login_failed"]
    assert failed.data == {"client_address": "testclient", "reason": "wrong_password"}
    assert wrong not in repr(failed) and PASSWORD not in repr(events["account.login"])


async def test_logout_with_a_padded_header_ends_that_login(client) -> None:
    await accounts.create_account(EMAIL, PASSWORD, Role.COORDINATOR)
    pair = await log_in(client)
    padded = {"Authorization": f"Bearer   {pair['access_token']}  "}

    assert (await client.post("/api/v1/auth/logout", headers=padded)).status_code == 204

    assert not await can_read(client, pair)
