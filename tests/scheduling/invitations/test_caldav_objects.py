"""A participant's calendar stores our invitation as a calendar object: no METHOD, one UID."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest

from core.errors import RuleViolation
from hearing.vocabulary import ParticipantRole
from scheduling.invitations.caldav_objects import calendar_object
from scheduling.invitations.writer import (
    InvitationAttendee,
    InvitationEvent,
    build_cancel,
    build_feed,
    build_request,
)
from tests.support.ical_checker import assert_valid_calendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
DTSTAMP = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)


def make_event(**changes: Any) -> InvitationEvent:
    event = InvitationEvent(
        uid="2f1c9a7e-5d4b-4c2a-9e61-0b7d3c8a1f20@concord",
        sequence=0,
        # Text that looks like a METHOD line must survive: only the real one goes.
        summary="调解 Mediation\nMETHOD:CANCEL " + "补偿争议" * 12,
        start=datetime(2026, 3, 10, 9, 30, tzinfo=SHANGHAI),
        end=datetime(2026, 3, 10, 11, 0, tzinfo=SHANGHAI),
        organizer_email="coordinator@xinfang.example.cn",
        organizer_name="信访局, Coordinator",
        attendees=(
            InvitationAttendee("zhang.san@example.cn", "张三", ParticipantRole.PETITIONER),
            InvitationAttendee(
                "office@gov.example.cn", "住建局: Office", ParticipantRole.DEPARTMENT
            ),
            InvitationAttendee("li.wei@example.cn", "Li, Wei", ParticipantRole.MEDIATOR),
        ),
        location="Room 3, 人民路 1号",
        timezone="Asia/Shanghai",
    )
    return dataclasses.replace(event, **changes)


def test_a_request_is_stored_as_the_same_calendar_without_its_method() -> None:
    message = build_request(make_event(), DTSTAMP)
    stored = calendar_object(message)

    assert stored.text == message.replace("METHOD:REQUEST\r\n", "", 1)
    assert "METHOD" not in icalendar.Calendar.from_ical(stored.text)
    assert_valid_calendar(stored.text)
    assert stored.uid == "2f1c9a7e-5d4b-4c2a-9e61-0b7d3c8a1f20@concord"
    assert stored.name == "2f1c9a7e-5d4b-4c2a-9e61-0b7d3c8a1f20%40concord.ics"


def test_a_cancellation_keeps_its_status_sequence_and_time_zone() -> None:
    stored = calendar_object(build_cancel(make_event(sequence=3, cancelled=True), DTSTAMP))

    calendar = icalendar.Calendar.from_ical(stored.text)
    assert "METHOD" not in calendar
    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Asia/Shanghai"
    [event] = calendar.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 3
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert event["DTSTART"].dt == datetime(2026, 3, 10, 9, 30, tzinfo=SHANGHAI)


def test_the_resource_name_is_the_uid_made_safe_for_a_url_path() -> None:
    stored = calendar_object(build_request(make_event(uid="a/b?c@concord"), DTSTAMP))

    assert stored.uid == "a/b?c@concord"
    assert stored.name == "a%2Fb%3Fc%40concord.ics"


def test_lines_ending_in_lf_alone_come_out_ending_in_crlf() -> None:
    message = build_request(make_event(), DTSTAMP)

    stored = calendar_object(message.replace("\r\n", "\n"))

    assert stored.text == message.replace("METHOD:REQUEST\r\n", "", 1)


def test_a_feed_of_several_events_is_not_one_calendar_object() -> None:
    feed = build_feed([make_event(), make_event(uid="second@concord")], DTSTAMP, "Concord — 张三")

    with pytest.raises(RuleViolation) as raised:
        calendar_object(feed)

    assert raised.value.code == "invalid_calendar_object"
    assert raised.value.field == "calendar"
    assert "has 2" in raised.value.message


@pytest.mark.parametrize(
    "text",
    [
        "",
        "BEGIN:VEVENT\r\nUID:x@concord\r\nEND:VEVENT\r\n",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n",
    ],
    ids=["empty", "no calendar", "no event"],
)
def test_text_without_one_calendar_and_one_event_is_refused(text: str) -> None:
    with pytest.raises(RuleViolation) as raised:
        calendar_object(text)

    assert raised.value.code == "invalid_calendar_object"
