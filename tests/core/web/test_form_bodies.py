"""Form and multipart bodies are held to what JSON bodies are: a field no Struct names is
refused (400, the field named), an oversize part too, and nothing of a refused one is stored."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from tests.support.api_builders import assert_problem, booked_mediation
from tests.support.flow import next_weekday_at

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//EN\r\nEND:VCALENDAR\r\n"
PDF = b"%PDF-1.4\n%%EOF\n"


def ics(content: bytes = ICS) -> dict[str, Any]:
    return {"file": ("busy.ics", content, "text/calendar")}


async def test_the_verify_upload_refuses_a_field_it_does_not_know(client: Any) -> None:
    response = await client.post(
        "/api/v1/archive/verify",
        files={"file": ("minutes.pdf", PDF, "application/pdf")},
        data={"note": "please check"},
    )
    assert_problem(response, 400, "invalid_request", "note")


async def test_the_verify_upload_refuses_a_second_file_under_another_name(client: Any) -> None:
    response = await client.post(
        "/api/v1/archive/verify",
        files={
            "file": ("minutes.pdf", PDF, "application/pdf"),
            "copy": ("copy.pdf", PDF, "application/pdf"),
        },
    )
    assert_problem(response, 400, "invalid_request", "copy")


async def test_an_ics_import_with_a_stray_field_is_refused_and_without_it_imports(
    client: Any, coordinator: dict[str, str]
) -> None:
    person = (await booked_mediation(client, coordinator, "FB-1"))["petitioner"]["id"]
    start = next_weekday_at(9).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    end = next_weekday_at(10).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    event = (
        "BEGIN:VEVENT\r\nUID:fb@example.cn\r\nDTSTAMP:20300101T000000Z\r\n"
        f"DTSTART:{start}\r\nDTEND:{end}\r\nEND:VEVENT\r\nEND:VCALENDAR"
    )
    busy_ics = ICS.replace(b"END:VCALENDAR", event.encode())
    path = f"/api/v1/people/{person}/calendars"
    refused = await client.post(
        path, files=ics(busy_ics), data={"replace": "all"}, headers=coordinator
    )
    assert_problem(refused, 400, "invalid_request", "replace")
    accepted = await client.post(path, files=ics(busy_ics), headers=coordinator)
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["busy_blocks"] == 1


async def test_an_itip_reply_upload_refuses_a_stray_field(
    client: Any, coordinator: dict[str, str]
) -> None:
    session = (await booked_mediation(client, coordinator, "FB-2"))["session"]["id"]
    response = await client.post(
        f"/api/v1/sessions/{session}/rsvp/reply", files=ics(), data={"x": "1"}, headers=coordinator
    )
    assert_problem(response, 400, "invalid_request", "x")


async def test_the_answer_page_form_refuses_a_field_it_does_not_know(
    client: Any, coordinator: dict[str, str]
) -> None:
    session = (await booked_mediation(client, coordinator, "FB-3"))["session"]["id"]
    response = await client.post(
        f"/api/v1/sessions/{session}/answer",
        data={"token": "t", "partstat": "ACCEPTED", "person_id": "someone"},
    )
    assert_problem(response, 400, "invalid_request", "person_id")


async def test_the_signing_page_form_refuses_a_field_it_does_not_know(client: Any) -> None:
    response = await client.post("/ui/p/some-token", data={"decision": "sign", "signer": "x"})
    assert_problem(response, 400, "invalid_request", "signer")


async def test_an_oversize_reason_on_the_signing_page_is_refused_with_its_field(
    client: Any,
) -> None:
    response = await client.post(
        "/ui/p/some-token", data={"decision": "refuse", "reason": "x" * 5000}
    )
    assert_problem(response, 400, "invalid_request", "reason")


async def test_an_oversize_ics_upload_is_refused(client: Any, coordinator: dict[str, str]) -> None:
    person = (await booked_mediation(client, coordinator, "FB-4"))["petitioner"]["id"]
    response = await client.post(
        f"/api/v1/people/{person}/calendars",
        files=ics(ICS + b"X-PAD:" + b"x" * (11 * 1024 * 1024) + b"\r\n"),
        headers=coordinator,
    )
    assert_problem(response, 413, "request_too_large")
