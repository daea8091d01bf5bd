"""Importing someone's own calendar (upload or URL) through the API makes slot search skip it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.support.api_builders import assert_problem
from tests.support.flow import mediation_setup, next_weekday_at, post_ok, utc


def busy_calendar(start: datetime, end: datetime) -> str:
    """Someone's own calendar with one opaque event, as a calendar app would export it."""
    return "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Test//Busy//EN",
            "BEGIN:VEVENT",
            "UID:busy-1@example.cn",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART:{start.astimezone(UTC):%Y%m%dT%H%M%SZ}",
            f"DTEND:{end.astimezone(UTC):%Y%m%dT%H%M%SZ}",
            "SUMMARY:Doctor",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )


async def slots_on(client: Any, headers: dict[str, str], session_id: str, day: datetime) -> Any:
    found = await post_ok(
        client,
        f"/api/v1/sessions/{session_id}/slot-search",
        headers,
        {"not_before": day.isoformat(), "not_after": (day + timedelta(days=1)).isoformat()},
        200,
    )
    assert found["slots"], found
    return found["slots"]


class CalendarServer:
    """A local HTTP server answering every GET with one calendar file."""

    def __init__(self, body: bytes = b"") -> None:
        self.body = body
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.requests += 1
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar; charset=utf-8")
                self.send_header("Content-Length", str(len(outer.body)))
                self.end_headers()
                self.wfile.write(outer.body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/me.ics"


@pytest.fixture
def calendar_server(loopback_allowed: None) -> Iterator[CalendarServer]:
    served = CalendarServer()
    thread = threading.Thread(target=served.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        served.server.shutdown()
        served.server.server_close()
        thread.join(timeout=5)


async def test_uploaded_calendar_makes_slot_search_skip_the_busy_time(client, coordinator) -> None:
    setup = await mediation_setup(client, coordinator)
    session_id = setup["session"]["id"]
    morning = next_weekday_at(9)
    assert utc((await slots_on(client, coordinator, session_id, morning))[0]["start"]) == (morning)

    busy_until = morning.replace(hour=12)
    response = await client.post(
        f"/api/v1/people/{setup['department']['id']}/calendars",
        files={"file": ("me.ics", busy_calendar(morning, busy_until).encode(), "text/calendar")},
        headers=coordinator,
    )
    assert response.status_code == 201, response.text
    assert response.json() == {"busy_blocks": 1, "source": "upload:me.ics"}

    slots = await slots_on(client, coordinator, session_id, morning)
    assert all(utc(slot["start"]) >= busy_until for slot in slots)
    assert utc(slots[0]["start"]) == morning.replace(hour=13, minute=30)


async def test_calendar_fetched_from_a_url_makes_slot_search_skip_the_busy_time(
    client, coordinator, calendar_server
) -> None:
    setup = await mediation_setup(client, coordinator)
    session_id = setup["session"]["id"]
    afternoon = next_weekday_at(13, 30)
    busy_until = afternoon.replace(hour=17, minute=30)
    calendar_server.body = busy_calendar(afternoon, busy_until).encode()

    response = await client.post(
        f"/api/v1/people/{setup['mediator']['id']}/calendars",
        json={"url": calendar_server.url},
        headers=coordinator,
    )
    assert response.status_code == 201, response.text
    assert response.json()["busy_blocks"] == 1
    assert calendar_server.requests == 1

    slots = await slots_on(client, coordinator, session_id, afternoon.replace(hour=9))
    # The afternoon is gone; the morning before it is still free.
    assert all(utc(s["end"]) <= afternoon or utc(s["start"]) >= busy_until for s in slots)
    assert utc(slots[0]["start"]) == afternoon.replace(hour=9)

    # Importing the same address again replaces its busy time instead of adding to it.
    calendar_server.body = busy_calendar(afternoon, afternoon + timedelta(hours=1)).encode()
    again = await client.post(
        f"/api/v1/people/{setup['mediator']['id']}/calendars",
        json={"url": calendar_server.url},
        headers=coordinator,
    )
    assert again.status_code == 201
    slots = await slots_on(client, coordinator, session_id, afternoon)
    assert utc(slots[0]["start"]) == afternoon + timedelta(hours=1)


async def test_unreachable_calendar_url_and_broken_file_are_refused(
    client, coordinator, loopback_allowed
) -> None:
    person = await post_ok(
        client, "/api/v1/people", coordinator, {"name": "张三", "email": "zhang@example.cn"}
    )
    path = f"/api/v1/people/{person['id']}/calendars"
    response = await client.post(
        path, json={"url": "http://127.0.0.1:9/none.ics"}, headers=coordinator
    )
    assert_problem(response, 422, "calendar_unreachable", "url")
    response = await client.post(
        path, files={"file": ("x.ics", b"not a calendar", "text/calendar")}, headers=coordinator
    )
    assert_problem(response, 422, "invalid_calendar", "file")
