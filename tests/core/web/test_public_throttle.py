"""Public endpoints that write the audit log answer 429 with Retry-After once one address
has made too many requests to them in a minute; other addresses are still served."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from core.settings import get_settings
from core.web import client_address, guards
from tests.support.api_builders import assert_problem
from tests.support.audit import audit_rows

LIMIT = 3
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def low_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three requests a minute, and the address taken from X-Forwarded-For (a trusted proxy)."""
    settings = replace(get_settings(), public_requests_per_minute=LIMIT, trust_forwarded_for=True)
    monkeypatch.setattr(guards, "get_settings", lambda: settings)
    monkeypatch.setattr(client_address, "get_settings", lambda: settings)


def from_address(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


def assert_throttled(response: Any) -> None:
    assert_problem(response, 429, "too_many_requests")
    wait = int(response.headers["retry-after"])
    assert 0 < wait <= 60
    assert response.json()["retry_after"] == wait


async def verify(client: Any, address: str) -> Any:
    return await client.post(
        "/api/v1/archive/verify",
        files={"file": ("minutes.pdf", PDF, "application/pdf")},
        headers=from_address(address),
    )


async def test_verification_is_throttled_per_address_and_a_refusal_is_not_audited(
    client: Any, low_limit: None
) -> None:
    for _ in range(LIMIT):
        assert (await verify(client, "192.0.2.1")).status_code == 200

    assert_throttled(await verify(client, "192.0.2.1"))
    assert len(await audit_rows("archive.verified")) == LIMIT
    assert (await verify(client, "192.0.2.2")).status_code == 200


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/archive/certificate", 200),
        ("/ui/p/guessed-token", 401),
        ("/ui/p/guessed-token/minutes.pdf", 401),
        ("/api/v1/minutes/00000000-0000-4000-8000-000000000000/public.pdf", 404),
    ],
)
async def test_each_public_endpoint_that_audits_is_throttled(
    client: Any, low_limit: None, path: str, status: int
) -> None:
    for _ in range(LIMIT):
        response = await client.get(path, headers=from_address("192.0.2.1"))
        assert response.status_code == status, response.text

    assert_throttled(await client.get(path, headers=from_address("192.0.2.1")))
    response = await client.get(path, headers=from_address("192.0.2.2"))
    assert response.status_code == status


async def test_guessing_signing_links_by_form_is_throttled(client: Any, low_limit: None) -> None:
    for _ in range(LIMIT):
        response = await client.post(
            "/ui/p/guessed-token", data={"decision": "sign"}, headers=from_address("192.0.2.1")
        )
        assert_problem(response, 401, "invalid_token", "token")

    assert_throttled(
        await client.post(
            "/ui/p/guessed-token", data={"decision": "sign"}, headers=from_address("192.0.2.1")
        )
    )
