"""What is refused: 422 for broken rules, 400 for undecodable requests, nothing half-written."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import uuid4

from tests.support.api_builders import (
    assert_problem,
    book,
    booked_mediation,
    create_person,
    public_hearing_body,
    public_hearing_people,
    public_hearing_setup,
)
from tests.support.flow import SHANGHAI, mediation_setup, next_weekday_at, post_ok

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
