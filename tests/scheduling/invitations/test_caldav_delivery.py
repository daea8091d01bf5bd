"""A real CalDAV server (Radicale) accepts every participant's invitation as a calendar object.

Each participant has a calendar of their own; their event.ics (the invitation as a calendar
object, ``scheduling.invitations.caldav_objects``) is PUT under its UID after every change, the
way a calendar app files an invitation, and read back.  A reschedule or a cancellation must
replace the object, never add a second one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any

import httpx
import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream

from scheduling.invitations.caldav_objects import calendar_object
from tests.support.api_builders import (
    book,
    booked_mediation,
    cancel,
    mediation_with_optional_agent,
    reschedule,
)
from tests.support.caldav_server import CalDavCalendar, radicale_server
from tests.support.flow import next_weekday_at
from tests.support.ical_checker import assert_valid_calendar


@pytest.fixture(scope="module")
def caldav_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with radicale_server(tmp_path_factory.mktemp("radicale")) as url:
        yield url


@pytest.fixture
async def caldav(caldav_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=caldav_url, timeout=10) as http:
        yield http


async def calendars_of(
    caldav: httpx.AsyncClient, people: list[dict[str, Any]]
) -> list[CalDavCalendar]:
    calendars = [CalDavCalendar(caldav, person["id"]) for person in people]
    for calendar in calendars:
        await calendar.create()
    return calendars


async def deliver(
    client: Any,
    headers: dict[str, str],
    session_id: str,
    people: list[dict[str, Any]],
    calendars: list[CalDavCalendar],
) -> list[int]:
    """PUT each person's current event (GET event.ics) into their calendar; each PUT's status."""
    statuses = []
    for person, calendar in zip(people, calendars, strict=True):
        response = await client.get(
            f"/api/v1/sessions/{session_id}/event.ics",
            params={"person_id": person["id"]},
            headers=headers,
        )
        assert response.status_code == 200, response.text
        assert "METHOD:" not in response.text
        stored = calendar_object(response.text)
        assert stored.text == response.text
        assert response.headers["content-location"] == stored.name
        assert_valid_calendar(stored.text)
        put = await calendar.put(stored)
        assert put.is_success, put.text
        statuses.append(put.status_code)
    return statuses


async def the_event(calendar: CalDavCalendar, session_id: str) -> icalendar.Event:
    """The one object in ``calendar``, as the server gives it back, checked and parsed."""
    [listed] = await calendar.events()
    name = f"{session_id}%40concord.ics"
    assert listed.href == calendar.path + name
    text = await calendar.get(name)
    assert text.replace("\r\n", "\n") == listed.text.replace("\r\n", "\n")
    assert_valid_calendar(text)
    IcsCalendarStream.calendar_from_ics(text)
    parsed = icalendar.Calendar.from_ical(text)
    assert "METHOD" not in parsed
    [event] = parsed.walk("VEVENT")
    assert isinstance(event, icalendar.Event)
    assert str(event["UID"]) == f"{session_id}@concord"
    return event


def attendees(event: icalendar.Event) -> set[str]:
    found = event.get("ATTENDEE", [])
    return {str(a).lower() for a in (found if isinstance(found, list) else [found])}


def emails(people: list[dict[str, Any]]) -> set[str]:
    return {f"mailto:{person['email']}".lower() for person in people}


def seen_by(owner: dict[str, Any], people: list[dict[str, Any]], chair: dict[str, Any]) -> set[str]:
    """The attendees of ``owner``'s copy: themselves and the chair by address, the others by
    their person id only."""
    return {
        f"mailto:{p['email']}".lower()
        if p["id"] in (owner["id"], chair["id"])
        else f"urn:uuid:{p['id']}"
        for p in people
    }


def assert_starts_at(event: icalendar.Event, start: datetime) -> None:
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert event["DTSTART"].dt == start


async def test_booking_rescheduling_and_cancelling_replace_one_object_per_calendar(
    client, coordinator, caldav
) -> None:
    setup = await booked_mediation(client, coordinator, "CD-1")
    session_id = setup["session"]["id"]
    people = [setup["petitioner"], setup["department"], setup["mediator"]]
    calendars = await calendars_of(caldav, people)

    assert await deliver(client, coordinator, session_id, people, calendars) == [201] * 3
    booked_etags = []
    for owner, calendar in zip(people, calendars, strict=True):
        event = await the_event(calendar, session_id)
        assert int(event["SEQUENCE"]) == 0
        assert str(event["STATUS"]) == "CONFIRMED"
        assert_starts_at(event, setup["start"])
        assert attendees(event) == seen_by(owner, people, setup["mediator"])
        booked_etags.append((await calendar.events())[0].etag)

    # The server checks what it stores: the same object with a broken DTSTART is refused.
    stored = calendar_object((await calendars[0].events())[0].text)
    broken = stored.text.replace("DTSTART;TZID=Asia/Shanghai:", "DTSTART;TZID=Asia/Shanghai:2026")
    refused = await calendars[0].put(dataclasses.replace(stored, text=broken))
    assert refused.status_code == 400, refused.text

    later = setup["start"].replace(hour=14)
    await reschedule(client, coordinator, session_id, later, setup["room"]["id"], "room needed")
    # 204: the object filed at booking was replaced, not joined by a second one.
    assert await deliver(client, coordinator, session_id, people, calendars) == [204] * 3
    for calendar, booked_etag in zip(calendars, booked_etags, strict=True):
        event = await the_event(calendar, session_id)
        assert int(event["SEQUENCE"]) == 1
        assert_starts_at(event, later)
        assert (await calendar.events())[0].etag != booked_etag

    await cancel(client, coordinator, session_id, "the petitioner withdrew")
    assert await deliver(client, coordinator, session_id, people, calendars) == [204] * 3
    for calendar in calendars:
        event = await the_event(calendar, session_id)
        assert str(event["STATUS"]) == "CANCELLED"
        assert int(event["SEQUENCE"]) == 2
        assert_starts_at(event, later)


async def test_a_removed_participant_s_object_is_cancelled_and_the_others_are_updated(
    client, coordinator, caldav
) -> None:
    setup = await mediation_with_optional_agent(client, coordinator, "CD-2", "agent.cd2@example.cn")
    agent, session = setup["agent"], setup["session"]
    session_id = session["id"]
    start = next_weekday_at(10)
    response = await book(client, coordinator, session_id, setup["room"]["id"], start)
    assert response.status_code == 201, response.text
    staying = [setup["petitioner"], setup["department"], setup["mediator"]]
    people = [*staying, agent]
    calendars = await calendars_of(caldav, people)
    assert await deliver(client, coordinator, session_id, people, calendars) == [201] * 4
    for owner, calendar in zip(people, calendars, strict=True):
        seen = attendees(await the_event(calendar, session_id))
        assert seen == seen_by(owner, people, setup["mediator"])

    response = await client.delete(
        f"/api/v1/sessions/{session_id}/participants/{agent['id']}", headers=coordinator
    )
    assert response.status_code == 200, response.text
    assert await deliver(client, coordinator, session_id, people, calendars) == [204] * 4

    removed = await the_event(calendars[-1], session_id)
    assert str(removed["STATUS"]) == "CANCELLED"
    assert int(removed["SEQUENCE"]) == 1
    assert attendees(removed) == emails([agent])
    for owner, calendar in zip(staying, calendars[:-1], strict=True):
        event = await the_event(calendar, session_id)
        assert str(event["STATUS"]) == "CONFIRMED"
        assert int(event["SEQUENCE"]) == 1
        assert attendees(event) == seen_by(owner, staying, setup["mediator"])
        assert_starts_at(event, start)
