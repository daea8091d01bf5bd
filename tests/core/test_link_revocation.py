"""Staff revoke one link at a time: it answers 401 token_revoked from then on, others keep
working; answer links expire a while after their session."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from core.access import Role
from core.errors import Unauthorized
from parties.accounts import service as accounts
from scheduling.invitations import service as invitations
from tests.conftest import PASSWORD, login
from tests.support.api_builders import assert_problem, booked_mediation

TOKEN = re.compile(r"answer\?token=([A-Za-z0-9_-]+)")


async def _answer_token(client, coordinator, session_id: str, person_id: str) -> str:
    response = await client.get(
        f"/api/v1/sessions/{session_id}/invite.ics",
        params={"person_id": person_id},
        headers=coordinator,
    )
    match = TOKEN.search(response.text.replace("\r\n ", ""))
    assert match, response.text
    return match.group(1)


async def _answer(client, session_id: str, token: str):
    return await client.post(
        f"/api/v1/sessions/{session_id}/rsvp", json={"token": token, "partstat": "ACCEPTED"}
    )


async def test_a_revoked_link_is_refused_and_the_others_keep_working(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    session_id = setup["session"]["id"]
    leaked = await _answer_token(client, coordinator, session_id, setup["petitioner"]["id"])
    other = await _answer_token(client, coordinator, session_id, setup["department"]["id"])

    revoked = await client.post("/api/v1/links/revoke", json={"token": leaked}, headers=coordinator)
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["purpose"] == "rsvp"
    again = await client.post("/api/v1/links/revoke", json={"token": leaked}, headers=coordinator)
    assert again.status_code == 200, "revoking twice is harmless"

    assert_problem(await _answer(client, session_id, leaked), 401, "token_revoked", "token")
    page = await client.get(f"/api/v1/sessions/{session_id}/answer", params={"token": leaked})
    assert_problem(page, 401, "token_revoked", "token")
    assert (await _answer(client, session_id, other)).status_code == 200


async def test_only_staff_revoke_and_only_genuine_tokens(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    token = await _answer_token(
        client, coordinator, setup["session"]["id"], setup["petitioner"]["id"]
    )
    await accounts.create_account(
        "p@test.example", PASSWORD, Role.PARTICIPANT, person_id=setup["petitioner"]["id"]
    )
    participant = await login(client, "p@test.example")
    refused = await client.post("/api/v1/links/revoke", json={"token": token}, headers=participant)
    assert refused.status_code == 403, refused.text
    anonymous = await client.post("/api/v1/links/revoke", json={"token": token})
    assert anonymous.status_code == 401
    forged = await client.post("/api/v1/links/revoke", json={"token": "AAAA"}, headers=coordinator)
    assert_problem(forged, 401, "invalid_token", "token")


async def test_an_answer_link_expires_a_while_after_its_session(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    session_id = UUID(setup["session"]["id"])
    token = await _answer_token(client, coordinator, str(session_id), setup["petitioner"]["id"])
    expiry = datetime.fromisoformat(setup["session"]["end"]) + invitations.ANSWER_LINK_GRACE
    assert datetime.now(UTC) < expiry
    last_minute = expiry - timedelta(minutes=1)
    person = await invitations.person_of_rsvp_token(session_id, token, last_minute)
    assert str(person) == setup["petitioner"]["id"]
    with pytest.raises(Unauthorized) as expired:
        await invitations.person_of_rsvp_token(session_id, token, expiry)
    assert (expired.value.code, expired.value.field) == ("token_expired", "token")
