"""Fetching and strictly reading the calendars the API serves, shared by the calendar API tests."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import icalendar
from ical.calendar_stream import IcsCalendarStream

from tests.support.ical_checker import assert_valid_calendar

PEOPLE = ("petitioner", "department", "mediator")


async def invite(client: Any, headers: dict[str, str], session_id: str, person_id: str) -> Any:
    response = await client.get(
        f"/api/v1/sessions/{session_id}/invite.ics",
        params={"person_id": person_id},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return response


def strictly_parsed(text: str, method: str) -> icalendar.Calendar:
    """``text`` passes our checker and two independent parsers; icalendar's view of it."""
    assert_valid_calendar(text, expected_method=method)
    IcsCalendarStream.calendar_from_ics(text)
    return icalendar.Calendar.from_ical(text)


def only_event(calendar: icalendar.Calendar) -> Any:
    [event] = calendar.walk("VEVENT")
    return event


def attendees_by_email(event: Any) -> dict[str, Any]:
    found = event.get("ATTENDEE", [])
    found = found if isinstance(found, list) else [found]
    return {str(attendee).removeprefix("mailto:"): attendee for attendee in found}


def feed_path(person: dict[str, Any]) -> str:
    return urlsplit(str(person["calendar_feed_url"])).path
