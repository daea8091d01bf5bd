"""Subscription feeds through the API, and how calendars are cached and typed."""

from __future__ import annotations

from tests.scheduling.calendars.calendar_reading import (
    feed_path,
    invite,
    only_event,
    strictly_parsed,
)
from tests.support.api_builders import assert_problem, booked_mediation, cancel, participant_login
from tests.support.flow import post_ok

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
