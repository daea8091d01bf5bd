"""Calendars registered by URL are imported at once and refreshed later (local HTTP server)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from parties.people import service as parties
from scheduling.calendars import service as calendar_service
from scheduling.tables import BusyBlock, CalendarSubscription


def _calendar(*events: tuple[str, str]) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//test//EN"]
    for index, (start, end) in enumerate(events):
        lines += [
            "BEGIN:VEVENT",
            f"UID:event-{index}@test",
            "DTSTAMP:20261101T000000Z",
            f"DTSTART:{start}",
            f"DTEND:{end}",
            "SUMMARY:busy",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


class CalendarServer:
    def __init__(self) -> None:
        self.body = _calendar()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                payload = server.body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *_: object) -> None:
                return

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/calendar.ics"


@pytest.fixture
def calendar_server(loopback_allowed: None) -> Iterator[CalendarServer]:
    server = CalendarServer()
    thread = threading.Thread(target=server.http.serve_forever, daemon=True)
    thread.start()
    yield server
    server.http.shutdown()
    server.http.server_close()


async def _busy(person_id: object) -> list[tuple[datetime, datetime]]:
    rows = await BusyBlock.select(BusyBlock.start_at, BusyBlock.end_at).where(
        BusyBlock.person == person_id
    )
    return sorted((row["start_at"], row["end_at"]) for row in rows)


async def test_subscribed_calendar_is_imported_and_refreshed(db, calendar_server) -> None:
    person = (await parties.create_person({"name": "张三", "email": "z@example.cn"})).id
    calendar_server.body = _calendar(("20261201T010000Z", "20261201T030000Z"))
    now = datetime(2026, 11, 25, tzinfo=UTC)

    count, _ = await calendar_service.subscribe_calendar(person, calendar_server.url, now)
    assert count == 1
    assert await _busy(person) == [
        (datetime(2026, 12, 1, 1, tzinfo=UTC), datetime(2026, 12, 1, 3, tzinfo=UTC))
    ]

    calendar_server.body = _calendar(
        ("20261202T010000Z", "20261202T020000Z"), ("20261203T060000Z", "20261203T070000Z")
    )
    fresh = await calendar_service.refresh_due_calendars(
        now + timedelta(minutes=5), timedelta(hours=1)
    )
    assert fresh == 0, "a calendar younger than max_age is left alone"
    refreshed = await calendar_service.refresh_due_calendars(
        now + timedelta(hours=2), timedelta(hours=1)
    )
    assert refreshed == 1
    assert await _busy(person) == [
        (datetime(2026, 12, 2, 1, tzinfo=UTC), datetime(2026, 12, 2, 2, tzinfo=UTC)),
        (datetime(2026, 12, 3, 6, tzinfo=UTC), datetime(2026, 12, 3, 7, tzinfo=UTC)),
    ]


async def test_an_unreachable_calendar_keeps_the_last_import_and_records_the_error(
    db, calendar_server
) -> None:
    person = (await parties.create_person({"name": "李四", "email": "l@example.cn"})).id
    calendar_server.body = _calendar(("20261201T010000Z", "20261201T030000Z"))
    now = datetime(2026, 11, 25, tzinfo=UTC)
    await calendar_service.subscribe_calendar(person, calendar_server.url, now)

    calendar_server.http.shutdown()
    calendar_server.http.server_close()
    refreshed = await calendar_service.refresh_due_calendars(
        now + timedelta(hours=2), timedelta(hours=1)
    )

    assert refreshed == 0
    assert len(await _busy(person)) == 1
    [subscription] = await CalendarSubscription.select(CalendarSubscription.last_error)
    assert "could not fetch" in subscription["last_error"]
