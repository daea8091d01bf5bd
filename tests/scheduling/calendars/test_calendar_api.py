"""Invitations, subscription feeds, answers and calendar import through the API."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream

from tests.support.api_builders import (
    answer,
    assert_problem,
    booked_mediation,
    cancel,
    participant_login,
    reschedule,
)
from tests.support.flow import mediation_setup, next_weekday_at, post_ok, utc
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


# Invitations ----------------------------------------------------------------------------------


async def test_every_participants_invite_passes_three_strict_readers(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    uids = set()
    for key in PEOPLE:
        response = await invite(client, coordinator, setup["session"]["id"], setup[key]["id"])
        text = response.text
        assert "method=REQUEST" in response.headers["content-type"]
        assert "text/calendar" in response.headers["content-type"]
        assert "\r\nMETHOD:REQUEST\r\n" in text
        event = only_event(strictly_parsed(text, "REQUEST"))
        assert event["DTSTART"].dt == setup["start"]
        assert event["DTEND"].dt == setup["start"] + timedelta(minutes=90)
        assert int(event["SEQUENCE"]) == 0
        uids.add(str(event["UID"]))
        [parsed] = IcsCalendarStream.calendar_from_ics(text).events
        assert parsed.uid == str(event["UID"])
        assert {a.uri.removeprefix("mailto:") for a in parsed.attendees} == {
            setup[k]["email"] for k in PEOPLE
        }
    assert len(uids) == 1


async def test_invite_names_attendees_as_written_and_makes_the_mediator_chair(
    client, coordinator
) -> None:
    setup = await booked_mediation(client, coordinator)
    text = (
        await invite(client, coordinator, setup["session"]["id"], setup["petitioner"]["id"])
    ).text
    attendees = attendees_by_email(only_event(strictly_parsed(text, "REQUEST")))
    petitioner = attendees[setup["petitioner"]["email"]]
    mediator = attendees[setup["mediator"]["email"]]
    assert petitioner.params["CN"] == "张三"
    assert petitioner.params["ROLE"] == "REQ-PARTICIPANT"
    assert mediator.params["CN"] == "Li, Wei"
    assert mediator.params["ROLE"] == "CHAIR"
    # The other strict parser reads the same names: the comma is quoted, not escaped.
    [event] = IcsCalendarStream.calendar_from_ics(text).events
    names = {a.uri.removeprefix("mailto:"): a.common_name for a in event.attendees}
    assert names[setup["mediator"]["email"]] == "Li, Wei"
    assert names[setup["petitioner"]["email"]] == "张三"


async def test_cancelled_session_invite_is_a_cancel_with_the_same_uid_and_higher_sequence(
    client, coordinator
) -> None:
    setup = await booked_mediation(client, coordinator)
    session_id, person_id = setup["session"]["id"], setup["department"]["id"]
    before = only_event(
        strictly_parsed((await invite(client, coordinator, session_id, person_id)).text, "REQUEST")
    )
    cancelled = await cancel(client, coordinator, session_id, "调解员生病")
    assert cancelled["status"] == "cancelled"
    assert cancelled["cancel_reason"] == "调解员生病"

    response = await invite(client, coordinator, session_id, person_id)
    assert "method=CANCEL" in response.headers["content-type"]
    calendar = strictly_parsed(response.text, "CANCEL")
    assert str(calendar["METHOD"]) == "CANCEL"
    after = only_event(calendar)
    assert str(after["STATUS"]) == "CANCELLED"
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])


async def test_invite_for_an_unbooked_session_or_a_stranger_is_refused(client, coordinator) -> None:
    setup = await mediation_setup(client, coordinator)
    path = f"/api/v1/sessions/{setup['session']['id']}/invite.ics"
    response = await client.get(
        path, params={"person_id": setup["petitioner"]["id"]}, headers=coordinator
    )
    assert_problem(response, 422, "session_not_scheduled", "id")
    stranger = await post_ok(
        client, "/api/v1/people", coordinator, {"name": "路人", "email": "passer@example.cn"}
    )
    response = await client.get(path, params={"person_id": stranger["id"]}, headers=coordinator)
    assert_problem(response, 404, "participant_not_found", "person_id")


async def test_participant_gets_their_own_invite_but_not_someone_elses(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    mine = await participant_login(client, setup["petitioner"])
    session_id = setup["session"]["id"]
    own = await invite(client, mine, session_id, setup["petitioner"]["id"])
    strictly_parsed(own.text, "REQUEST")
    response = await client.get(
        f"/api/v1/sessions/{session_id}/invite.ics",
        params={"person_id": setup["department"]["id"]},
        headers=mine,
    )
    assert_problem(response, 403, "not_your_record", "person_id")


# Subscription feeds ---------------------------------------------------------------------------


async def test_feed_lists_the_persons_sessions_without_a_token(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    response = await client.get(feed_path(setup["mediator"]))
    assert response.status_code == 200, response.text
    assert "method=PUBLISH" in response.headers["content-type"]
    event = only_event(strictly_parsed(response.text, "PUBLISH"))
    assert str(event["UID"]) == f"{setup['session']['id']}@concord"
    assert event["DTSTART"].dt == setup["start"]


async def test_feed_keeps_a_cancelled_session_marked_cancelled(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    await cancel(client, coordinator, setup["session"]["id"], "改期")
    response = await client.get(feed_path(setup["petitioner"]))
    assert response.status_code == 200
    event = only_event(strictly_parsed(response.text, "PUBLISH"))
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1


async def test_feed_of_someone_without_sessions_is_an_empty_calendar(client, coordinator) -> None:
    person = await post_ok(
        client, "/api/v1/people", coordinator, {"name": "张三", "email": "zhang@example.cn"}
    )
    response = await client.get(feed_path(person))
    assert response.status_code == 200
    assert strictly_parsed(response.text, "PUBLISH").walk("VEVENT") == []


async def test_rotating_the_feed_retires_the_old_address(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    person = setup["petitioner"]
    old_path = feed_path(person)
    rotated = await post_ok(
        client, f"/api/v1/people/{person['id']}/calendar-feed/rotate", coordinator, None, 200
    )
    assert rotated["calendar_feed_url"] != person["calendar_feed_url"]
    assert rotated["calendar_feed_url"].endswith(".ics")
    assert_problem(await client.get(old_path), 404, "calendar_feed_not_found")
    response = await client.get(feed_path(rotated))
    assert response.status_code == 200
    assert len(strictly_parsed(response.text, "PUBLISH").walk("VEVENT")) == 1

    # A participant rotates their own feed, not someone else's.
    mine = await participant_login(client, person)
    own = await client.post(f"/api/v1/people/{person['id']}/calendar-feed/rotate", headers=mine)
    assert own.status_code == 200, own.text
    other = await client.post(
        f"/api/v1/people/{setup['department']['id']}/calendar-feed/rotate", headers=mine
    )
    assert_problem(other, 403, "not_your_record", "person_id")


# Answers (RSVP) -------------------------------------------------------------------------------


async def test_rsvp_updates_the_session_and_the_invite(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    session_id = setup["session"]["id"]
    answered = await answer(client, coordinator, session_id, "ACCEPTED", setup["department"]["id"])
    partstats = {p["person_id"]: p["partstat"] for p in answered["participants"]}
    assert partstats == {
        setup["petitioner"]["id"]: "NEEDS-ACTION",
        setup["department"]["id"]: "ACCEPTED",
        setup["mediator"]["id"]: "NEEDS-ACTION",
    }
    text = (await invite(client, coordinator, session_id, setup["petitioner"]["id"])).text
    attendees = attendees_by_email(only_event(strictly_parsed(text, "REQUEST")))
    assert attendees[setup["department"]["email"]].params["PARTSTAT"] == "ACCEPTED"
    assert attendees[setup["petitioner"]["email"]].params["PARTSTAT"] == "NEEDS-ACTION"


async def test_participant_answers_for_themselves_but_not_for_others(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    session_id = setup["session"]["id"]
    mine = await participant_login(client, setup["petitioner"])
    answered = await answer(client, mine, session_id, "TENTATIVE")
    partstats = {p["person_id"]: p["partstat"] for p in answered["participants"]}
    assert partstats[setup["petitioner"]["id"]] == "TENTATIVE"

    response = await client.post(
        f"/api/v1/sessions/{session_id}/rsvp",
        json={"person_id": setup["department"]["id"], "partstat": "DECLINED"},
        headers=mine,
    )
    assert_problem(response, 403, "not_your_record", "person_id")
    session = (await client.get(f"/api/v1/sessions/{session_id}", headers=coordinator)).json()
    partstats = {p["person_id"]: p["partstat"] for p in session["participants"]}
    assert partstats[setup["department"]["id"]] == "NEEDS-ACTION"


async def test_rescheduling_asks_everyone_to_answer_again(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    session_id = setup["session"]["id"]
    await answer(client, coordinator, session_id, "ACCEPTED", setup["mediator"]["id"])
    later = setup["start"].replace(hour=14)
    moved = await reschedule(
        client, coordinator, session_id, later, setup["room"]["id"], "会议冲突"
    )
    assert {p["partstat"] for p in moved["participants"]} == {"NEEDS-ACTION"}


# Calendar import ------------------------------------------------------------------------------


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
def calendar_server() -> Iterator[CalendarServer]:
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


async def test_unreachable_calendar_url_and_broken_file_are_refused(client, coordinator) -> None:
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


# Caching and content types ----------------------------------------------------------------


async def test_calendars_name_their_charset_exactly_once(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    session_id, person_id = setup["session"]["id"], setup["petitioner"]["id"]
    invitation = await invite(client, coordinator, session_id, person_id)
    stored = await client.get(
        f"/api/v1/sessions/{session_id}/event.ics",
        params={"person_id": person_id},
        headers=coordinator,
    )
    feed = await client.get(feed_path(setup["petitioner"]))

    assert invitation.headers["content-type"] == "text/calendar; charset=UTF-8; method=REQUEST"
    assert stored.headers["content-type"] == "text/calendar; charset=UTF-8"
    assert feed.headers["content-type"] == "text/calendar; charset=UTF-8; method=PUBLISH"


async def test_the_feed_is_cacheable_by_etag_and_answers_head(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    path = feed_path(setup["mediator"])
    first = await client.get(path)
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert first.headers["last-modified"].endswith(" GMT")

    again = await client.get(path)
    assert (again.text, again.headers["etag"]) == (first.text, etag)
    head = await client.head(path)
    assert (head.status_code, head.headers["etag"], head.content) == (200, etag, b"")
    unchanged = await client.get(path, headers={"If-None-Match": etag})
    assert (unchanged.status_code, unchanged.content) == (304, b"")
    assert unchanged.headers["etag"] == etag

    await post_ok(
        client,
        f"/api/v1/sessions/{setup['session']['id']}/cancel",
        coordinator,
        {"reason": "改期"},
        200,
    )
    changed = await client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert "STATUS:CANCELLED" in changed.text


async def test_an_invitation_answers_head_and_if_none_match(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    path = f"/api/v1/sessions/{setup['session']['id']}/invite.ics"
    params = {"person_id": setup["petitioner"]["id"]}
    first = await invite(client, coordinator, setup["session"]["id"], setup["petitioner"]["id"])
    etag = first.headers["etag"]

    head = await client.head(path, params=params, headers=coordinator)
    assert (head.status_code, head.headers["etag"], head.content) == (200, etag, b"")
    assert "last-modified" in head.headers
    unchanged = await client.get(
        path, params=params, headers={**coordinator, "If-None-Match": etag}
    )
    assert unchanged.status_code == 304
