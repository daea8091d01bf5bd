"""The OpenAPI document builds and names every path of the contract in DESIGN.md."""

from __future__ import annotations

CONTRACT_PATHS = {
    "/health",
    "/api/v1/auth/token",
    "/api/v1/people",
    "/api/v1/organizations",
    "/api/v1/rooms",
    "/api/v1/cases",
    "/api/v1/sessions",
    "/api/v1/sessions/{session_id}",
    "/api/v1/people/{person_id}/working-hours",
    "/api/v1/rooms/{room_id}/opening-hours",
    "/api/v1/people/{person_id}/busy",
    "/api/v1/rooms/{room_id}/busy",
    "/api/v1/people/{person_id}/calendars",
    "/api/v1/sessions/{session_id}/slot-search",
    "/api/v1/dockets",
    "/api/v1/sessions/{session_id}/booking",
    "/api/v1/sessions/{session_id}/reschedule",
    "/api/v1/sessions/{session_id}/cancel",
    "/api/v1/sessions/{session_id}/invite.ics",
    "/api/v1/calendars/{feed}",
    "/api/v1/people/{person_id}/calendar-feed/rotate",
    "/api/v1/sessions/{session_id}/rsvp",
    "/api/v1/sessions/{session_id}/attendance",
    "/api/v1/sessions/{session_id}/positions",
    "/api/v1/sessions/{session_id}/outcomes",
    "/api/v1/sessions/{session_id}/action-items",
    "/api/v1/sessions/{session_id}/minutes",
    "/api/v1/minutes/{minutes_id}",
    "/api/v1/minutes/{minutes_id}/pdf",
    "/api/v1/minutes/{minutes_id}/signatures",
    "/api/v1/minutes/{minutes_id}/seal",
    "/api/v1/archive/verify",
    "/api/v1/archive/certificate",
}


async def test_the_schema_lists_every_contract_path(client) -> None:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200, response.text
    paths = set(response.json()["paths"])
    assert CONTRACT_PATHS - paths == set()
    operation_ids = [
        operation["operationId"]
        for item in response.json()["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    ]
    assert len(operation_ids) == len(set(operation_ids))
