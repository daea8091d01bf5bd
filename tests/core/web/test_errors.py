"""Every error family on real endpoints: status, problem+json, stable code, field at fault."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

from tests.conftest import PASSWORD
from tests.support.api_builders import (
    assert_problem,
    book,
    booked_mediation,
    create_person,
    participant_login,
    public_hearing_body,
    public_hearing_people,
    public_hearing_setup,
)
from tests.support.flow import SHANGHAI, mediation_setup, next_weekday_at, post_ok


async def draft_minutes(client: Any, headers: dict[str, str]) -> dict[str, Any]:
    """A booked mediation with draft minutes (nobody has signed yet)."""
    setup = await booked_mediation(client, headers)
    setup["minutes"] = await post_ok(
        client, f"/api/v1/sessions/{setup['session']['id']}/minutes", headers, None
    )
    return setup


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
    assert_problem(response, 403, "not_your_record", "person_id")


# 404 ------------------------------------------------------------------------------------------


async def test_unknown_ids_are_404_naming_the_entity(client, coordinator) -> None:
    unknown = uuid4()
    for path, code in (
        (f"/api/v1/people/{unknown}", "person_not_found"),
        (f"/api/v1/rooms/{unknown}", "room_not_found"),
        (f"/api/v1/cases/{unknown}", "case_not_found"),
        (f"/api/v1/organizations/{unknown}", "organization_not_found"),
        (f"/api/v1/sessions/{unknown}", "session_not_found"),
        (f"/api/v1/minutes/{unknown}", "minutes_not_found"),
    ):
        response = await client.get(path, headers=coordinator)
        assert_problem(response, 404, code, "id")


async def test_unknown_session_participant_is_404_naming_its_index(client, coordinator) -> None:
    setup = await mediation_setup(client, coordinator)
    response = await client.post(
        "/api/v1/sessions",
        json={
            "kind": "mediation",
            "case_id": setup["case"]["id"],
            "title": "调解",
            "duration_minutes": 60,
            "participants": [
                {"person_id": setup["petitioner"]["id"], "role": "petitioner"},
                {"person_id": str(uuid4()), "role": "department"},
                {"person_id": setup["mediator"]["id"], "role": "mediator"},
            ],
        },
        headers=coordinator,
    )
    assert_problem(response, 404, "person_not_found", "participants[1].person_id")


async def test_session_for_unknown_case_is_404_naming_case_id(client, coordinator) -> None:
    person = await create_person(client, coordinator, "张三", "zhang@example.cn")
    response = await client.post(
        "/api/v1/sessions",
        json={
            "kind": "joint_reception",
            "case_id": str(uuid4()),
            "title": "联合接访",
            "duration_minutes": 60,
            "participants": [{"person_id": person["id"], "role": "petitioner"}],
        },
        headers=coordinator,
    )
    assert_problem(response, 404, "case_not_found", "case_id")


async def test_booking_an_unknown_room_is_404_naming_room_id(client, coordinator) -> None:
    setup = await mediation_setup(client, coordinator)
    response = await book(
        client, coordinator, setup["session"]["id"], str(uuid4()), next_weekday_at(9)
    )
    assert_problem(response, 404, "room_not_found", "room_id")


# 409 ------------------------------------------------------------------------------------------


async def test_duplicate_person_email_or_case_reference_is_409(client, coordinator) -> None:
    await create_person(client, coordinator, "张三", "zhang@example.cn")
    response = await client.post(
        "/api/v1/people", json={"name": "张三丰", "email": "zhang@example.cn"}, headers=coordinator
    )
    assert_problem(response, 409, "email_taken", "email")
    await post_ok(client, "/api/v1/cases", coordinator, {"reference": "XF-9", "title": "甲"})
    response = await client.post(
        "/api/v1/cases", json={"reference": "XF-9", "title": "乙"}, headers=coordinator
    )
    assert_problem(response, 409, "case_reference_taken", "reference")


async def test_booking_a_room_already_booked_by_another_session_is_409_slot_taken(
    client, coordinator
) -> None:
    first = await booked_mediation(client, coordinator, "XF-1")
    second = await mediation_setup(client, coordinator, "XF-2")
    response = await book(
        client, coordinator, second["session"]["id"], first["room"]["id"], first["start"]
    )
    assert_problem(response, 409, "slot_taken", "room_id")
    # Half an hour later still overlaps the 90-minute booking.
    response = await book(
        client,
        coordinator,
        second["session"]["id"],
        first["room"]["id"],
        first["start"] + timedelta(minutes=30),
    )
    assert_problem(response, 409, "slot_taken", "room_id")
    session = (
        await client.get(f"/api/v1/sessions/{second['session']['id']}", headers=coordinator)
    ).json()
    assert session["status"] == "unscheduled"


async def test_booking_a_session_twice_is_409(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    response = await book(
        client,
        coordinator,
        setup["session"]["id"],
        setup["room"]["id"],
        setup["start"] + timedelta(hours=5),
    )
    assert_problem(response, 409, "session_already_booked", "id")


async def test_deleting_an_organization_a_person_belongs_to_is_409(client, coordinator) -> None:
    org = await post_ok(
        client, "/api/v1/organizations", coordinator, {"name": "住建局", "kind": "other"}
    )
    await create_person(
        client, coordinator, "王科长", "wang@example.gov.cn", organization_id=org["id"]
    )
    response = await client.delete(f"/api/v1/organizations/{org['id']}", headers=coordinator)
    assert_problem(response, 409, "organization_in_use", "id")
    still_there = await client.get(f"/api/v1/organizations/{org['id']}", headers=coordinator)
    assert still_there.status_code == 200


async def test_minutes_refuse_stale_signatures_unexplained_refusals_and_early_sealing(
    client, coordinator
) -> None:
    setup = await draft_minutes(client, coordinator)
    minutes_path = f"/api/v1/minutes/{setup['minutes']['id']}"
    current = setup["minutes"]["version_sha256"]
    petitioner = setup["petitioner"]["id"]

    response = await client.post(
        f"{minutes_path}/signatures",
        json={"person_id": petitioner, "decision": "sign", "version_sha256": "0" * 64},
        headers=coordinator,
    )
    assert_problem(response, 409, "stale_version", "version_sha256")
    assert response.json()["current_version_sha256"] == current

    for reason in (None, "   "):
        response = await client.post(
            f"{minutes_path}/signatures",
            json={
                "person_id": petitioner,
                "decision": "refuse",
                "reason": reason,
                "version_sha256": current,
            },
            headers=coordinator,
        )
        assert_problem(response, 422, "refusal_reason_required", "reason")

    response = await client.post(f"{minutes_path}/seal", headers=coordinator)
    assert_problem(response, 422, "signatures_missing", "signatures")
    people = {setup[key]["id"] for key in ("petitioner", "department", "mediator")}
    assert set(response.json()["pending_signers"]) == people


# 422 ------------------------------------------------------------------------------------------


async def test_public_hearing_with_less_than_seven_days_notice_is_refused(
    client, coordinator
) -> None:
    setup = await public_hearing_setup(client, coordinator)
    too_soon = next_weekday_at(10, days_ahead=3)
    response = await book(
        client, coordinator, setup["session"]["id"], setup["room"]["id"], too_soon
    )
    assert_problem(response, 422, "notice_too_short", "start")
    earliest = datetime.fromisoformat(response.json()["earliest_start"])
    assert earliest > too_soon


async def test_public_hearing_for_a_state_secret_case_is_refused(client, coordinator) -> None:
    people = await public_hearing_people(client, coordinator, "secret")
    case = await post_ok(
        client,
        "/api/v1/cases",
        coordinator,
        {"reference": "XF-S", "title": "涉密", "confidentiality": "state_secret"},
    )
    response = await client.post(
        "/api/v1/sessions", json=public_hearing_body(case["id"], people), headers=coordinator
    )
    assert_problem(response, 422, "closed_session_required", "kind")


async def test_public_hearing_with_a_panel_of_four_is_refused(client, coordinator) -> None:
    people = await public_hearing_people(client, coordinator, "four", officers=4)
    case = await post_ok(client, "/api/v1/cases", coordinator, {"reference": "XF-4", "title": "甲"})
    response = await client.post(
        "/api/v1/sessions", json=public_hearing_body(case["id"], people), headers=coordinator
    )
    assert_problem(response, 422, "panel_size_invalid", "participants")


async def test_person_with_an_unknown_timezone_is_refused(client, coordinator) -> None:
    response = await client.post(
        "/api/v1/people",
        json={"name": "张三", "email": "zhang@example.cn", "timezone": "Asia/Beijing"},
        headers=coordinator,
    )
    assert_problem(response, 422, "unknown_timezone", "timezone")
    person = await create_person(client, coordinator, "张三", "zhang@example.cn")
    response = await client.patch(
        f"/api/v1/people/{person['id']}", json={"timezone": "Mars/Olympus"}, headers=coordinator
    )
    assert_problem(response, 422, "unknown_timezone", "timezone")


async def test_booking_outside_working_hours_or_in_the_past_is_refused(client, coordinator) -> None:
    setup = await mediation_setup(client, coordinator)
    session_id, room_id = setup["session"]["id"], setup["room"]["id"]
    for start in (next_weekday_at(20), next_weekday_at(11, 30)):  # evening; runs into lunch
        response = await book(client, coordinator, session_id, room_id, start)
        assert_problem(response, 422, "outside_working_hours", "room_id")
    today = datetime.now(SHANGHAI).replace(hour=10, minute=0, second=0, microsecond=0)
    response = await book(client, coordinator, session_id, room_id, today - timedelta(days=1))
    assert_problem(response, 422, "start_in_past", "start")


# 400 ------------------------------------------------------------------------------------------


async def test_nested_errors_are_400_naming_the_full_path(client, coordinator) -> None:
    setup = await mediation_setup(client, coordinator)
    body = {
        "kind": "mediation",
        "case_id": setup["case"]["id"],
        "title": "调解",
        "duration_minutes": 60,
    }
    petitioner = setup["petitioner"]["id"]
    for participant in ({"person_id": petitioner, "role": "judge"}, {"person_id": petitioner}):
        response = await client.post(
            "/api/v1/sessions", json={**body, "participants": [participant]}, headers=coordinator
        )
        assert_problem(response, 400, "invalid_request", "participants[0].role")


async def test_undecodable_requests_are_400_naming_the_field(client, coordinator) -> None:
    response = await client.post(
        "/api/v1/organizations",
        content='{"name": "住建局", "kind": '.encode(),
        headers={**coordinator, "Content-Type": "application/json"},
    )
    assert_problem(response, 400, "invalid_request")  # malformed JSON: no field to name
    response = await client.post(
        "/api/v1/rooms", json={"name": "调解室", "capacity": "six"}, headers=coordinator
    )
    assert_problem(response, 400, "invalid_request", "capacity")
    response = await client.post(
        "/api/v1/organizations", json={"name": "住建局"}, headers=coordinator
    )
    assert_problem(response, 400, "invalid_request", "kind")
    response = await client.get("/api/v1/organizations", params={"limit": 0}, headers=coordinator)
    assert_problem(response, 400, "invalid_request", "limit")


# Nothing half-written --------------------------------------------------------------------------


async def test_first_session_failing_on_its_third_participant_leaves_the_list_empty(
    client, coordinator
) -> None:
    people = await public_hearing_people(client, coordinator, "empty")
    case = await post_ok(client, "/api/v1/cases", coordinator, {"reference": "XF-E", "title": "甲"})
    body = public_hearing_body(case["id"], people)
    body["participants"][2]["person_id"] = str(uuid4())
    response = await client.post("/api/v1/sessions", json=body, headers=coordinator)
    assert_problem(response, 404, "person_not_found", "participants[2].person_id")
    listed = (await client.get("/api/v1/sessions", headers=coordinator)).json()
    assert listed["items"] == [] and listed["total"] == 0


async def test_refused_booking_holds_nothing(client, coordinator) -> None:
    first = await booked_mediation(client, coordinator, "XF-1")
    second = await mediation_setup(client, coordinator, "XF-2")
    refused = await book(
        client, coordinator, second["session"]["id"], first["room"]["id"], first["start"]
    )
    assert refused.status_code == 409
    # The refused attempt claimed none of the second session's people: their own room is free.
    response = await book(
        client, coordinator, second["session"]["id"], second["room"]["id"], first["start"]
    )
    assert response.status_code == 201, response.text
