"""Failed logins over HTTP: 5 per account or 20 per address in 15 minutes, then 429 with
Retry-After, the same whether or not the email has an account."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core.access import Role
from core.errors import TooManyRequests, Unauthorized
from core.settings import get_settings
from core.web import client_address
from parties.accounts import service as accounts
from tests.conftest import PASSWORD
from tests.support.api_builders import assert_problem

EMAIL = "clerk@test.example"


async def attempt(client: Any, email: str, password: str, **headers: str) -> Any:
    return await client.post(
        "/api/v1/auth/token", json={"email": email, "password": password}, headers=headers
    )


async def fail(client: Any, email: str, times: int, **headers: str) -> None:
    for _ in range(times):
        assert_problem(
            await attempt(client, email, "wrong-password", **headers), 401, "invalid_credentials"
        )


def assert_throttled(response: Any) -> int:
    assert_problem(response, 429, "too_many_failed_logins")
    wait = int(response.headers["retry-after"])
    assert 0 < wait <= 15 * 60
    assert response.json()["retry_after"] == wait
    return wait


async def test_five_failures_on_an_account_lock_it_even_for_the_right_password(client) -> None:
    await accounts.create_account(EMAIL, PASSWORD, Role.COORDINATOR)
    await fail(client, EMAIL, 5)

    assert_throttled(await attempt(client, EMAIL, PASSWORD))
    assert_throttled(await attempt(client, EMAIL.upper(), "wrong-password"))
    # Another account from the same address is not locked by that one's failures.
    await accounts.create_account("other@test.example", PASSWORD, Role.COORDINATOR)
    assert (await attempt(client, "other@test.example", PASSWORD)).status_code == 200


async def test_four_failures_then_the_right_password_logs_in_and_clears_the_count(client) -> None:
    await accounts.create_account(EMAIL, PASSWORD, Role.COORDINATOR)
    await fail(client, EMAIL, 4)
    assert (await attempt(client, EMAIL, PASSWORD)).status_code == 200

    await fail(client, EMAIL, 4)

    assert (await attempt(client, EMAIL, PASSWORD)).status_code == 200


async def test_an_email_without_an_account_is_throttled_the_same_way(client) -> None:
    await accounts.create_account(EMAIL, PASSWORD, Role.COORDINATOR)
    await fail(client, EMAIL, 5)
    await fail(client, "nobody@test.example", 5)

    known = await attempt(client, EMAIL, "wrong-password")
    unknown = await attempt(client, "nobody@test.example", "wrong-password")

    assert_throttled(known)
    assert_throttled(unknown)
    assert set(known.json()) == set(unknown.json())


async def test_twenty_failures_from_one_address_lock_it_for_every_email(client) -> None:
    await accounts.create_account(EMAIL, PASSWORD, Role.COORDINATOR)
    for n in range(10):
        await fail(client, f"guess{n}@test.example", 2)

    assert_throttled(await attempt(client, EMAIL, PASSWORD))
    assert_throttled(await attempt(client, "fresh@test.example", "wrong-password"))


async def test_a_forged_forwarded_for_header_does_not_change_the_address(client) -> None:
    for n in range(20):
        await fail(client, f"guess{n}@test.example", 1, **{"X-Forwarded-For": f"198.51.100.{n}"})

    response = await attempt(
        client, "fresh@test.example", "wrong-password", **{"X-Forwarded-For": "203.0.113.9"}
    )
    assert_throttled(response)


async def test_behind_a_trusted_proxy_its_forwarded_address_is_counted(client, monkeypatch) -> None:
    proxied = replace(get_settings(), trust_forwarded_for=True)
    monkeypatch.setattr(client_address, "get_settings", lambda: proxied)
    crowd = {"X-Forwarded-For": "203.0.113.9, 192.0.2.1"}
    for n in range(20):
        await fail(client, f"guess{n}@test.example", 1, **crowd)

    assert_throttled(await attempt(client, "fresh@test.example", "x-password", **crowd))
    # The entry the proxy added counts: a client cannot choose it by writing the header itself.
    other_client = {"X-Forwarded-For": "203.0.113.9, 192.0.2.2"}
    response = await attempt(client, "fresh@test.example", "x-password", **other_client)
    assert_problem(response, 401, "invalid_credentials")


NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


async def test_the_wait_ends_when_the_oldest_failure_leaves_the_window(db) -> None:
    await accounts.create_account(EMAIL, PASSWORD, Role.COORDINATOR)
    for minute in range(5):
        with pytest.raises(Unauthorized):
            await accounts.issue_token(
                EMAIL, "wrong-password", NOW + timedelta(minutes=minute), address="192.0.2.1"
            )

    later = NOW + timedelta(minutes=6)
    with pytest.raises(TooManyRequests) as caught:
        await accounts.issue_token(EMAIL, PASSWORD, later, address="192.0.2.1")

    assert caught.value.retry_after_seconds == 9 * 60
    when_free = NOW + timedelta(minutes=15, seconds=1)
    pair = await accounts.issue_token(EMAIL, PASSWORD, when_free, address="192.0.2.1")
    assert pair.access_token
