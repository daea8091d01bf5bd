"""What arrives at a real SMTP server when sessions are booked, moved, cancelled and reminded."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

import icalendar
from ical.calendar_stream import IcsCalendarStream

from core.outbox.mailer import SmtpMailer
from scheduling.invitations.notifications import run_notifications
from tests.support.api_builders import (
    assert_problem,
    book,
    booked_mediation,
    cancel,
    create_person,
    mediation_with_optional_agent,
    participant_login,
    public_hearing_body,
    public_hearing_people,
    reschedule,
)
from tests.support.flow import mediation_setup, next_weekday_at, post_ok
from tests.support.ical_checker import assert_valid_calendar
from tests.support.live_server import free_port
from tests.support.mail_server import MailServer


async def deliver(server: MailServer, now: datetime | None = None) -> int:
    result = await run_notifications(server.mailer.send, now or datetime.now(UTC))
    assert result.delivery.failed == 0
    return result.delivery.sent


def calendar_of(message: EmailMessage) -> tuple[str, str]:
    """The iTIP text of an invitation email and the method its MIME part announces."""
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    text = part.get_payload(decode=True).decode("utf-8")
    [attachment] = list(message.iter_attachments())
    assert attachment.get_payload(decode=True).decode("utf-8") == text
    return text, str(part.get_param("method"))


def checked_event(message: EmailMessage, method: str) -> Any:
    """Check the calendar with our strict checker and two parsers; return icalendar's VEVENT."""
    text, announced = calendar_of(message)
    assert announced == method
    assert_valid_calendar(text, expected_method=method)
    IcsCalendarStream.calendar_from_ics(text)
    [event] = icalendar.Calendar.from_ical(text).walk("VEVENT")
    return event


def attendees(event: Any) -> list[str]:
    found = event.get("ATTENDEE", [])
    return sorted(str(a) for a in (found if isinstance(found, list) else [found]))


async def assert_feed_agrees(client: Any, person: dict[str, Any], mailed: Any) -> None:
    """The person's subscription feed shows the event as their latest email announced it."""
    response = await client.get(urlsplit(person["calendar_feed_url"]).path)
    assert response.status_code == 200, response.text
    assert_valid_calendar(response.text, expected_method="PUBLISH")
    [event] = [
        e
        for e in icalendar.Calendar.from_ical(response.text).walk("VEVENT")
        if e["UID"] == mailed["UID"]
    ]
    assert int(event["SEQUENCE"]) == int(mailed["SEQUENCE"])
    assert str(event["STATUS"]) == str(mailed["STATUS"])
    assert event.decoded("DTSTART") == mailed.decoded("DTSTART")


def text_of(message: EmailMessage) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return str(part.get_content())


async def test_booking_rescheduling_and_cancelling_each_reach_every_participant(
    client, coordinator, mail_server
) -> None:
    setup = await booked_mediation(client, coordinator, "MAIL-1")
    session_id = setup["session"]["id"]
    assert await deliver(mail_server) == 3
    assert await deliver(mail_server) == 0
    await assert_everyone_was_invited(client, mail_server, setup)

    moved = setup["start"] + timedelta(days=1, hours=5)
    await reschedule(client, coordinator, session_id, moved, setup["room"]["id"], "会议室维修")
    assert await deliver(mail_server) == 3
    await assert_everyone_was_told_of_the_move(client, mail_server, setup, moved)

    await cancel(client, coordinator, session_id, "the petitioner withdrew")
    assert await deliver(mail_server) == 3
    await assert_everyone_was_told_of_the_cancellation(client, mail_server, setup)
    assert len(mail_server.collector.received) == 9

    listed = await client.get(
        "/api/v1/outbox", params={"session_id": session_id, "status": "sent"}, headers=coordinator
    )
    assert listed.status_code == 200, listed.text
    assert listed.json()["total"] == 9
    assert {item["topic"] for item in listed.json()["items"]} == {
        "invitation.new",
        "invitation.updated",
        "invitation.cancelled",
    }


def parties(setup: dict[str, Any]) -> list[dict[str, Any]]:
    return [setup[key] for key in ("petitioner", "department", "mediator")]


async def assert_everyone_was_invited(
    client: Any, mail_server: MailServer, setup: dict[str, Any]
) -> None:
    """One REQUEST each, in the recipient's language, agreeing with their feed."""
    for person in parties(setup):
        [invitation] = mail_server.collector.to(person["email"])
        assert invitation.message["To"].addresses[0].addr_spec == person["email"]
        event = checked_event(invitation.message, "REQUEST")
        assert str(event["UID"]) == f"{setup['session']['id']}@concord"
        assert int(event["SEQUENCE"]) == 0
        assert len(attendees(event)) == 3
        await assert_feed_agrees(client, person, event)
    mediator_mail = mail_server.collector.to(setup["mediator"]["email"])[0].message
    assert mediator_mail["Subject"] == "Invitation: 补偿争议调解"
    assert "You are invited to a mediation session." in text_of(mediator_mail)
    petitioner_mail = mail_server.collector.to(setup["petitioner"]["email"])[0].message
    assert petitioner_mail["Subject"] == "邀请：补偿争议调解"
    assert "MAIL-1" in text_of(petitioner_mail) and "补偿标准" in text_of(petitioner_mail)


async def assert_everyone_was_told_of_the_move(
    client: Any, mail_server: MailServer, setup: dict[str, Any], moved: datetime
) -> None:
    """An updated REQUEST each (SEQUENCE 1, the new start), saying why it moved."""
    for person in parties(setup):
        update = mail_server.collector.to(person["email"])[-1].message
        event = checked_event(update, "REQUEST")
        assert int(event["SEQUENCE"]) == 1
        assert event.decoded("DTSTART") == moved
        await assert_feed_agrees(client, person, event)
    assert "会议室维修" in text_of(
        mail_server.collector.to(setup["petitioner"]["email"])[-1].message
    )


async def assert_everyone_was_told_of_the_cancellation(
    client: Any, mail_server: MailServer, setup: dict[str, Any]
) -> None:
    """A CANCEL each (STATUS:CANCELLED, SEQUENCE 2) for the same UID."""
    for person in parties(setup):
        cancellation = mail_server.collector.to(person["email"])[-1].message
        event = checked_event(cancellation, "CANCEL")
        assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("CANCELLED", 2)
        assert str(event["UID"]) == f"{setup['session']['id']}@concord"
        await assert_feed_agrees(client, person, event)
    assert mail_server.collector.to(setup["mediator"]["email"])[-1].message["Subject"] == (
        "Cancelled: 补偿争议调解"
    )


async def test_a_removed_participant_is_mailed_a_cancellation_of_their_own(
    client, coordinator, mail_server
) -> None:
    setup = await mediation_with_optional_agent(client, coordinator, "MAIL-2", "agent@example.cn")
    agent, session = setup["agent"], setup["session"]
    response = await book(
        client, coordinator, session["id"], setup["room"]["id"], next_weekday_at(15)
    )
    assert response.status_code == 201, response.text
    assert await deliver(mail_server) == 4

    response = await client.delete(
        f"/api/v1/sessions/{session['id']}/participants/{agent['id']}", headers=coordinator
    )
    assert response.status_code == 200, response.text
    assert await deliver(mail_server) == 4
    cancellation = mail_server.collector.to("agent@example.cn")[-1].message
    event = checked_event(cancellation, "CANCEL")
    assert attendees(event) == ["mailto:agent@example.cn"]
    assert int(event["SEQUENCE"]) == 1
    await assert_feed_agrees(client, agent, event)
    update = mail_server.collector.to(setup["petitioner"]["email"])[-1].message
    event = checked_event(update, "REQUEST")
    assert int(event["SEQUENCE"]) == 1
    assert "mailto:agent@example.cn" not in attendees(event)
    assert len(attendees(event)) == 3
    await assert_feed_agrees(client, setup["petitioner"], event)


async def test_reminders_arrive_seven_three_and_one_day_before_each_once(
    client, coordinator, mail_server
) -> None:
    setup = await booked_mediation(client, coordinator, "MAIL-3")
    start = setup["start"]
    await deliver(mail_server)
    invitations = len(mail_server.collector.received)

    for days, subject in ((7, "Reminder, in 7 days"), (3, "Reminder, in 3 days"), (1, "tomorrow")):
        moment = start - timedelta(days=days) + timedelta(minutes=1)
        assert await deliver(mail_server, moment) == 3
        assert await deliver(mail_server, moment + timedelta(hours=1)) == 0
        reminder = mail_server.collector.to(setup["mediator"]["email"])[-1].message
        assert subject in reminder["Subject"]
        assert "text/calendar" not in {p.get_content_type() for p in reminder.walk()}
    assert await deliver(mail_server, start + timedelta(minutes=1)) == 0
    assert len(mail_server.collector.received) == invitations + 9
    petitioner_reminder = mail_server.collector.to(setup["petitioner"]["email"])[-1].message
    assert petitioner_reminder["Subject"] == "提醒（明天）：补偿争议调解"


async def test_messages_survive_a_mail_server_outage_and_are_sent_once(
    client, coordinator, mail_server
) -> None:
    setup = await booked_mediation(client, coordinator, "MAIL-4")
    down = SmtpMailer(replace(mail_server.settings, smtp_port=free_port()))
    now = datetime.now(UTC)
    failed = await run_notifications(down.send, now)
    assert (failed.delivery.sent, failed.delivery.retried) == (0, 3)

    waiting = await client.get("/api/v1/outbox", params={"status": "pending"}, headers=coordinator)
    assert waiting.json()["total"] == 3
    assert all(item["attempts"] == 1 and item["last_error"] for item in waiting.json()["items"])

    assert await deliver(mail_server, now + timedelta(seconds=10)) == 0  # still backing off
    assert await deliver(mail_server, now + timedelta(seconds=31)) == 3
    assert await deliver(mail_server, now + timedelta(hours=2)) == 0
    recipients = sorted(mail.recipients[0] for mail in mail_server.collector.received)
    assert recipients == sorted(setup[k]["email"] for k in ("petitioner", "department", "mediator"))


async def test_a_refused_booking_queues_nothing(client, coordinator, mail_server) -> None:
    first = await booked_mediation(client, coordinator, "MAIL-5")
    second = await mediation_setup(client, coordinator, "MAIL-6")
    # The same room at the same time: refused, and no one hears about it.
    response = await book(
        client, coordinator, second["session"]["id"], first["room"]["id"], first["start"]
    )
    assert_problem(response, 409, "slot_taken", "room_id")
    held = await client.post(
        f"/api/v1/sessions/{second['session']['id']}/hold",
        json={"start": next_weekday_at(14).isoformat(), "room_id": second["room"]["id"]},
        headers=coordinator,
    )
    assert held.status_code == 201, held.text
    assert await deliver(mail_server) == 3
    assert {mail.recipients[0] for mail in mail_server.collector.received} == {
        first[k]["email"] for k in ("petitioner", "department", "mediator")
    }


async def test_the_outbox_is_for_staff_and_retries_only_failures(
    client, coordinator, mail_server
) -> None:
    setup = await booked_mediation(client, coordinator, "MAIL-7")
    participant = await participant_login(client, setup["petitioner"])
    assert_problem(await client.get("/api/v1/outbox", headers=participant), 403, "role_not_allowed")

    mail_server.collector.refuse.add(setup["department"]["email"])
    result = await run_notifications(mail_server.mailer.send, datetime.now(UTC))
    assert (result.delivery.sent, result.delivery.failed) == (2, 1)
    [failed] = (
        await client.get("/api/v1/outbox", params={"status": "failed"}, headers=coordinator)
    ).json()["items"]
    assert failed["recipient"] == setup["department"]["email"]
    assert "550" in failed["last_error"]

    mail_server.collector.refuse.clear()
    retried = await client.post(f"/api/v1/outbox/{failed['id']}/retry", headers=coordinator)
    assert retried.status_code == 200, retried.text
    assert retried.json()["status"] == "pending"
    assert_problem(
        await client.post(f"/api/v1/outbox/{failed['id']}/retry", headers=coordinator),
        409,
        "message_not_failed",
        "id",
    )
    unknown = "00000000-0000-0000-0000-000000000001"
    assert_problem(
        await client.post(f"/api/v1/outbox/{unknown}/retry", headers=coordinator),
        404,
        "message_not_found",
        "id",
    )
    assert await deliver(mail_server) == 1
    assert mail_server.collector.to(setup["department"]["email"])


async def test_an_observer_is_mailed_the_public_notice_without_case_details(
    client, coordinator, mail_server
) -> None:
    people = await public_hearing_people(client, coordinator, "PH-MAIL")
    observer = await create_person(
        client, coordinator, "Observer Zhao", "observer@example.org", locale="en"
    )
    room = await post_ok(
        client,
        "/api/v1/rooms",
        coordinator,
        {"name": "听证室", "capacity": 12, "public_seats": 20, "timezone": "Asia/Shanghai"},
    )
    case = await post_ok(
        client, "/api/v1/cases", coordinator, {"reference": "PH-MAIL", "title": "补偿争议"}
    )
    body = public_hearing_body(case["id"], people)
    body["participants"].append({"person_id": observer["id"], "role": "observer"})
    session = await post_ok(client, "/api/v1/sessions", coordinator, body)
    response = await book(
        client, coordinator, session["id"], room["id"], next_weekday_at(9, days_ahead=9)
    )
    assert response.status_code == 201, response.text
    assert await deliver(mail_server) == 7

    [notice] = mail_server.collector.to("observer@example.org")
    text = text_of(notice.message)
    assert "public notice of a public hearing" in text
    assert "PH-MAIL" not in text and "Your role: Observer" in text
    event = checked_event(notice.message, "REQUEST")
    assert attendees(event) == ["mailto:observer@example.org"]
    assert "PH-MAIL" not in str(event["DESCRIPTION"])
    petitioner_text = text_of(mail_server.collector.to(people["petitioner"]["email"])[0].message)
    assert "PH-MAIL" in petitioner_text


async def test_cancelling_the_whole_session_says_it_is_cancelled_not_that_you_were_removed(
    client, coordinator, mail_server
) -> None:
    setup = await booked_mediation(client, coordinator, "MAIL-CANCEL")
    await deliver(mail_server)
    await post_ok(
        client,
        f"/api/v1/sessions/{setup['session']['id']}/cancel",
        coordinator,
        {"reason": "the petitioner withdrew"},
        status=200,
    )
    assert await deliver(mail_server) == 3

    mediator = text_of(mail_server.collector.to(setup["mediator"]["email"])[-1].message)
    petitioner = text_of(mail_server.collector.to(setup["petitioner"]["email"])[-1].message)
    assert "has been cancelled" in mediator and "for you" not in mediator
    assert "已取消" in petitioner and "您不再参加" not in petitioner


async def test_people_who_declined_get_no_reminder(client, coordinator, mail_server) -> None:
    setup = await booked_mediation(client, coordinator, "MAIL-DECLINED")
    await deliver(mail_server)
    await post_ok(
        client,
        f"/api/v1/sessions/{setup['session']['id']}/rsvp",
        coordinator,
        {"person_id": setup["department"]["id"], "partstat": "DECLINED"},
        200,
    )
    before = len(mail_server.collector.to(setup["department"]["email"]))

    assert await deliver(mail_server, setup["start"] - timedelta(days=7, minutes=-1)) == 2
    assert len(mail_server.collector.to(setup["department"]["email"])) == before
    assert len(mail_server.collector.to(setup["mediator"]["email"])) == before + 1


async def test_a_late_reminder_names_the_days_actually_left(
    client, coordinator, mail_server
) -> None:
    setup = await booked_mediation(client, coordinator, "MAIL-LATE")
    await deliver(mail_server)

    # The worker was down from seven days before until three days and two hours before.
    assert await deliver(mail_server, setup["start"] - timedelta(days=3, hours=2)) == 3
    mediator = mail_server.collector.to(setup["mediator"]["email"])[-1].message
    petitioner = mail_server.collector.to(setup["petitioner"]["email"])[-1].message
    assert mediator["Subject"] == "Reminder, in 3 days: 补偿争议调解"
    assert petitioner["Subject"] == "提醒（3天后）：补偿争议调解"


async def test_the_calendar_description_is_in_the_recipients_language(
    client, coordinator, mail_server
) -> None:
    setup = await booked_mediation(client, coordinator, "MAIL-LANG")
    await deliver(mail_server)

    chinese = checked_event(
        mail_server.collector.to(setup["petitioner"]["email"])[0].message, "REQUEST"
    )
    english = checked_event(
        mail_server.collector.to(setup["mediator"]["email"])[0].message, "REQUEST"
    )
    assert "无需登录即可答复" in str(chinese["DESCRIPTION"])
    assert "信访事项 MAIL-LANG" in str(chinese["DESCRIPTION"])
    assert "Answer" not in str(chinese["DESCRIPTION"])
    assert "Answer without logging in" in str(english["DESCRIPTION"])
    assert "Case MAIL-LANG" in str(english["DESCRIPTION"])
