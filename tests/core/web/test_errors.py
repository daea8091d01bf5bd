"""What exists and what clashes: 404 naming the unknown id, 409 for conflicts."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from tests.support.api_builders import (
    assert_problem,
    book,
    booked_mediation,
    create_person,
    draft_minutes,
)
from tests.support.flow import mediation_setup, next_weekday_at, post_ok

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
