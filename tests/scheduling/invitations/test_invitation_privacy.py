"""Invitations show each participant only the organiser, themselves and the chair by address;
everyone else by name and role, and the public to no one.

Read back from the raw email (every byte, base64 parts decoded), the invite.ics and the feed,
with the strict checker and two independent parsers.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ical.calendar_stream import IcsCalendarStream

from tests.support.api_builders import (
    book,
    create_person,
    participant_login,
    public_hearing_body,
    public_hearing_people,
)
from tests.support.flow import next_weekday_at, post_ok
from tests.support.ical_checker import assert_valid_calendar
from tests.support.mail_server import MailServer, ReceivedMail

from .test_invitation_delivery import calendar_of, checked_event, deliver


async def booked_public_hearing_with_observers(
    client: Any, coordinator: dict[str, str], tag: str
) -> dict[str, Any]:
    """A public hearing of six participants and two observers, booked."""
    people = await public_hearing_people(client, coordinator, tag)
    observers = [
        await create_person(client, coordinator, f"旁听人 {n}", f"observer{n}.{tag}@example.org")
        for n in range(2)
    ]
    room = await post_ok(
        client,
        "/api/v1/rooms",
        coordinator,
        {"name": "听证室", "capacity": 12, "public_seats": 20, "timezone": "Asia/Shanghai"},
    )
    case = await post_ok(
        client, "/api/v1/cases", coordinator, {"reference": tag, "title": "补偿争议"}
    )
    body = public_hearing_body(case["id"], people)
    body["participants"] += [{"person_id": o["id"], "role": "observer"} for o in observers]
    session = await post_ok(client, "/api/v1/sessions", coordinator, body)
    response = await book(
        client, coordinator, session["id"], room["id"], next_weekday_at(9, days_ahead=9)
    )
    assert response.status_code == 201, response.text
    return {**people, "observers": observers, "session": response.json()}


def everyone(setup: dict[str, Any]) -> list[dict[str, Any]]:
    fixed = [setup[key] for key in ("petitioner", "department", "presiding")]
    return [*fixed, *setup["officers"], *setup["observers"]]


def attendee_uris(text: str) -> dict[str, tuple[str | None, str | None]]:
    """Each ATTENDEE's URI with its CN and ROLE, as the `ical` parser reads them."""
    [event] = IcsCalendarStream.calendar_from_ics(text).events
    return {a.uri: (a.common_name, a.role) for a in event.attendees}


def unfolded(text: str) -> str:
    """The calendar with its folded lines joined: an address may straddle a fold."""
    return text.replace("\r\n ", "")


def assert_seen_only_as_allowed(
    folded: str, owner: dict[str, Any], setup: dict[str, Any], observer: bool = False
) -> None:
    assert_valid_calendar(folded)
    text = unfolded(folded)
    chair = setup["presiding"]
    for person in everyone(setup):
        if person["id"] == owner["id"]:
            continue
        if not observer and person["id"] == chair["id"]:
            assert person["email"] in text
            continue
        assert person["email"] not in text, f"{owner['name']} sees {person['email']}"
    for other in setup["observers"]:
        if other["id"] != owner["id"]:
            assert other["id"] not in text and other["name"] not in text
    uris = attendee_uris(text)
    assert uris[f"mailto:{owner['email']}"][0] == owner["name"]
    if observer:
        assert list(uris) == [f"mailto:{owner['email']}"]
        return
    assert uris[f"mailto:{chair['email']}"] == (chair["name"], "CHAIR")
    department = setup["department"]
    if owner["id"] != department["id"]:
        assert uris[f"urn:uuid:{department['id']}"] == (department["name"], "REQ-PARTICIPANT")
    assert len(uris) == 6, "the six participants, no observer"


def only_mail_to(mail_server: MailServer, person: dict[str, Any]) -> ReceivedMail:
    [mail] = mail_server.collector.to(person["email"])
    assert mail.recipients == (person["email"],)
    assert person["email"] in str(mail.message["To"])
    assert mail.message["Cc"] is None and mail.message["Bcc"] is None
    return mail


async def test_a_petitioner_s_public_hearing_invitation_shows_no_one_else_s_address(
    client, coordinator, mail_server
) -> None:
    setup = await booked_public_hearing_with_observers(client, coordinator, "PRIV-1")
    petitioner = setup["petitioner"]
    assert await deliver(mail_server) == 8

    mail = only_mail_to(mail_server, petitioner)
    checked_event(mail.message, "REQUEST")
    mailed, _ = calendar_of(mail.message)
    assert_seen_only_as_allowed(mailed, petitioner, setup)
    # Nothing anywhere in the message (headers, text, HTML) names another address.
    whole = unfolded(mail.message.as_string()) + "".join(
        unfolded(str(part.get_content())) for part in mail.message.walk() if not part.is_multipart()
    )
    for other in everyone(setup):
        if other["id"] not in (petitioner["id"], setup["presiding"]["id"]):
            assert other["email"] not in whole

    mine = await participant_login(client, petitioner)
    invite = await client.get(
        f"/api/v1/sessions/{setup['session']['id']}/invite.ics",
        params={"person_id": petitioner["id"]},
        headers=mine,
    )
    assert invite.status_code == 200, invite.text
    assert_seen_only_as_allowed(invite.text, petitioner, setup)

    feed = await client.get(urlsplit(petitioner["calendar_feed_url"]).path)
    assert feed.status_code == 200
    assert_valid_calendar(feed.text, expected_method="PUBLISH")
    for other in everyone(setup):
        if other["id"] != petitioner["id"]:
            assert other["email"] not in unfolded(feed.text)


async def test_every_participant_and_observer_sees_only_what_they_may(
    client, coordinator, mail_server
) -> None:
    setup = await booked_public_hearing_with_observers(client, coordinator, "PRIV-2")
    assert await deliver(mail_server) == 8
    for person in everyone(setup):
        mail = only_mail_to(mail_server, person)
        mailed, _ = calendar_of(mail.message)
        is_observer = person in setup["observers"]
        assert_seen_only_as_allowed(mailed, person, setup, observer=is_observer)
