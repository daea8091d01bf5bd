"""Registering and refreshing calendar URLs goes through the guarded outbound client: what it
refuses is a 422 naming `url` at registration, and a quiet, logged failure on refresh."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from scheduling.calendars import service as calendar_service
from scheduling.tables import BusyBlock, CalendarSubscription
from tests.scheduling.calendars.test_calendar_import_api import busy_calendar
from tests.support.api_builders import assert_problem
from tests.support.builders import person
from tests.support.flow import post_ok
from tests.support.http_origin import Origin, http_origin, reply
from tests.support.outbound import outbound_allowing

NOW = datetime(2026, 11, 25, tzinfo=UTC)
CALENDAR = busy_calendar(NOW + timedelta(days=3), NOW + timedelta(days=3, hours=2)).encode()


@pytest.fixture
def origin() -> Iterator[Origin]:
    with http_origin() as served:
        yield served


async def _calendars_path(client, coordinator) -> str:
    someone = await post_ok(
        client, "/api/v1/people", coordinator, {"name": "张三", "email": "zhang@example.cn"}
    )
    return f"/api/v1/people/{someone['id']}/calendars"


async def test_a_loopback_url_is_refused_at_registration_and_never_fetched(
    client, coordinator, origin
) -> None:
    origin.routes["/me.ics"] = reply(200, CALENDAR)
    path = await _calendars_path(client, coordinator)
    for url in (origin.url("/me.ics"), origin.url("/me.ics", "localhost")):
        response = await client.post(path, json={"url": url}, headers=coordinator)
        assert_problem(response, 422, "calendar_url_refused", "url")
        assert "not a public address" in response.json()["detail"]
    assert origin.requests == []
    assert await CalendarSubscription.count() == 0


async def test_a_redirect_to_an_internal_address_is_refused(client, coordinator, origin) -> None:
    origin.routes["/health"] = reply(200, b'{"status":"ok","database":"up"}')
    origin.routes["/me.ics"] = reply(302, headers={"Location": origin.url("/health")})
    path = await _calendars_path(client, coordinator)
    with outbound_allowing("localhost"):
        response = await client.post(
            path, json={"url": origin.url("/me.ics", "localhost")}, headers=coordinator
        )
    assert_problem(response, 422, "calendar_url_refused", "url")
    assert "database" not in response.text
    assert [p for p, _ in origin.requests] == ["/me.ics"]


async def test_a_reply_that_is_no_calendar_is_not_echoed(client, coordinator, origin) -> None:
    origin.routes["/me.ics"] = reply(200, b"SECRET-FIRST-LINE\r\nroot:x:0:0:root\r\n")
    path = await _calendars_path(client, coordinator)
    with outbound_allowing("127.0.0.1"):
        response = await client.post(path, json={"url": origin.url("/me.ics")}, headers=coordinator)
    assert_problem(response, 422, "invalid_calendar", "url")
    assert "SECRET" not in response.text and "root" not in response.text


async def test_a_stored_url_that_became_internal_fails_quietly_with_a_logged_reason(
    db, origin, caplog
) -> None:
    someone = await person("李四", "li@example.cn")
    origin.routes["/me.ics"] = reply(200, CALENDAR)
    with outbound_allowing("127.0.0.1"):
        await calendar_service.subscribe_calendar(someone, origin.url("/me.ics"), NOW)
    assert len(origin.requests) == 1

    with caplog.at_level(logging.WARNING, logger="scheduling.calendars.service"):
        refreshed = await calendar_service.refresh_due_calendars(
            NOW + timedelta(hours=2), timedelta(hours=1)
        )

    assert refreshed == 0
    assert len(origin.requests) == 1, "refused before connecting"
    assert await BusyBlock.count().where(BusyBlock.person == someone) == 1
    [subscription] = await CalendarSubscription.select(CalendarSubscription.last_error)
    assert "not a public address" in subscription["last_error"]
    assert any("not refreshed" in r.getMessage() for r in caplog.records)
