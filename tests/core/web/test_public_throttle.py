"""Public endpoints that write the audit log answer 429 with Retry-After once one address
has made too many requests to them in a minute; other addresses are still served."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from core.settings import get_settings
from core.web import client_address, guards
from tests.support.api_builders import assert_problem, booked_mediation, draft_minutes, get_json
from tests.support.audit import audit_rows
from tests.support.flow import post_ok
from tests.support.invitation_links import token_from_invite
from tests.support.signing_mail import tokens_by_recipient

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


async def test_signing_by_link_through_the_api_is_throttled_and_a_refused_answer_is_not_stored(
    client: Any, coordinator: dict[str, str], low_limit: None
) -> None:
    setup = await draft_minutes(client, coordinator, "TH-1")
    path = f"/api/v1/minutes/{setup['minutes']['id']}/signatures"
    token = (await tokens_by_recipient(setup["session"]["id"]))[setup["mediator"]["email"]]
    for _ in range(LIMIT):
        guess = await client.post(
            path,
            json={"token": "guessed-token", "decision": "sign"},
            headers=from_address("192.0.2.1"),
        )
        assert_problem(guess, 401, "invalid_token", "token")

    assert_throttled(
        await client.post(
            path, json={"token": token, "decision": "sign"}, headers=from_address("192.0.2.1")
        )
    )
    minutes = await get_json(client, f"/api/v1/minutes/{setup['minutes']['id']}", coordinator)
    assert minutes["signatures"] == []
    assert await audit_rows("minutes.signed") == []

    # Staff answering logged in, from the same address, are not counted.
    staff = await client.post(
        path,
        json={
            "person_id": setup["department"]["id"],
            "decision": "sign",
            "version_sha256": setup["minutes"]["version_sha256"],
        },
        headers={**coordinator, **from_address("192.0.2.1")},
    )
    assert staff.status_code == 201, staff.text
    signed = await client.post(
        path, json={"token": token, "decision": "sign"}, headers=from_address("192.0.2.2")
    )
    assert signed.status_code == 201, signed.text


async def test_answering_an_invitation_by_link_is_throttled_and_a_refused_answer_is_not_stored(
    client: Any, coordinator: dict[str, str], low_limit: None
) -> None:
    setup = await booked_mediation(client, coordinator, "TH-2")
    session_id, petitioner = setup["session"]["id"], setup["petitioner"]["id"]
    path = f"/api/v1/sessions/{session_id}/rsvp"
    token = await token_from_invite(client, coordinator, session_id, petitioner)
    for _ in range(LIMIT):
        guess = await client.post(
            path,
            json={"token": "guessed-token", "partstat": "ACCEPTED"},
            headers=from_address("192.0.2.1"),
        )
        assert_problem(guess, 401, "invalid_token", "token")
    audited = len(await audit_rows())

    assert_throttled(
        await client.post(
            path, json={"token": token, "partstat": "ACCEPTED"}, headers=from_address("192.0.2.1")
        )
    )
    assert_throttled(
        await client.post(
            f"/api/v1/sessions/{session_id}/answer/",
            data={"token": token, "partstat": "ACCEPTED"},
            headers=from_address("192.0.2.1"),
        )
    )
    session = await get_json(client, f"/api/v1/sessions/{session_id}", coordinator)
    assert {p["person_id"]: p["partstat"] for p in session["participants"]}[petitioner] == (
        "NEEDS-ACTION"
    )
    assert len(await audit_rows()) == audited

    # A logged-in answer from the same address is not counted.
    await post_ok(
        client,
        path,
        {**coordinator, **from_address("192.0.2.1")},
        {"partstat": "TENTATIVE", "person_id": setup["mediator"]["id"]},
        200,
    )
    answered = await client.post(
        path, json={"token": token, "partstat": "ACCEPTED"}, headers=from_address("192.0.2.2")
    )
    assert answered.status_code == 200, answered.text
