"""Who may call: 401 for a missing or bad login, 403 for what the caller may not do."""

from __future__ import annotations

from tests.conftest import PASSWORD
from tests.support.api_builders import (
    assert_problem,
    book,
    create_person,
    draft_minutes,
    participant_login,
)
from tests.support.flow import mediation_setup, next_weekday_at

# 401 ------------------------------------------------------------------------------------------


async def test_request_without_a_valid_token_is_401_with_a_bearer_challenge(client) -> None:
    response = await client.get("/api/v1/people")
    assert_problem(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"
    response = await client.get(
        "/api/v1/organizations", headers={"Authorization": "Bearer not-a-real-token"}
    )
    assert_problem(response, 401, "invalid_token")
    assert response.headers["www-authenticate"] == "Bearer"


async def test_wrong_password_or_unknown_email_is_401_invalid_credentials(
    client, coordinator
) -> None:
    for email, password in (
        ("coordinator@test.example", PASSWORD + "x"),
        ("nobody@test.example", PASSWORD),
    ):
        response = await client.post(
            "/api/v1/auth/token", json={"email": email, "password": password}
        )
        assert_problem(response, 401, "invalid_credentials")


# 403 ------------------------------------------------------------------------------------------


async def test_participant_cannot_create_people_book_or_record_attendance(
    client, coordinator
) -> None:
    setup = await mediation_setup(client, coordinator)
    mine = await participant_login(client, setup["petitioner"])
    session_id = setup["session"]["id"]

    response = await client.post(
        "/api/v1/people", json={"name": "李四", "email": "li@example.cn"}, headers=mine
    )
    assert_problem(response, 403, "role_not_allowed")
    response = await book(client, mine, session_id, setup["room"]["id"], next_weekday_at(9))
    assert_problem(response, 403, "role_not_allowed")
    response = await client.post(
        f"/api/v1/sessions/{session_id}/attendance",
        json={"person_id": setup["petitioner"]["id"], "status": "present"},
        headers=mine,
    )
    assert_problem(response, 403, "role_not_allowed")

    listed = await client.get(
        "/api/v1/people", params={"email": "li@example.cn"}, headers=coordinator
    )
    assert listed.json()["total"] == 0
    session = (await client.get(f"/api/v1/sessions/{session_id}", headers=coordinator)).json()
    assert session["status"] == "unscheduled"


async def test_participant_cannot_seal_minutes_or_sign_for_someone_else(
    client, coordinator
) -> None:
    setup = await draft_minutes(client, coordinator)
    mine = await participant_login(client, setup["petitioner"])
    minutes_path = f"/api/v1/minutes/{setup['minutes']['id']}"
    assert_problem(await client.post(f"{minutes_path}/seal", headers=mine), 403, "role_not_allowed")
    response = await client.post(
        f"{minutes_path}/signatures",
        json={
            "person_id": setup["department"]["id"],
            "decision": "sign",
            "version_sha256": setup["minutes"]["version_sha256"],
        },
        headers=mine,
    )
    assert_problem(response, 403, "not_your_record", "person_id")


async def test_participant_cannot_read_another_persons_record(client, coordinator) -> None:
    me = await create_person(client, coordinator, "张三", "zhang@example.cn")
    other = await create_person(client, coordinator, "李四", "li@example.cn")
    mine = await participant_login(client, me)
    response = await client.get(f"/api/v1/people/{other['id']}", headers=mine)
    # A stranger is as unknown to a participant as a missing person: ids leak nothing.
    assert_problem(response, 404, "person_not_found", "id")
