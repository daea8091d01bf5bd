"""Subscription feeds (METHOD:PUBLISH) list every event once, cancelled ones marked."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from core.errors import Conflict
from scheduling.invitations.writer import build_feed, build_request
from tests.scheduling.invitations.invitation_samples import DTSTAMP, SHANGHAI, make_event
from tests.scheduling.invitations.read_back import read_back
from tests.support.ical_checker import assert_valid_calendar


def test_feed_lists_events_in_order_with_cancelled_ones_marked() -> None:
    events = [
        make_event(
            uid=f"session-{index}@concord",
            sequence=index % 3,
            start=datetime(2026, 3, 10, 9, tzinfo=SHANGHAI) + timedelta(days=index),
            end=datetime(2026, 3, 10, 10, tzinfo=SHANGHAI) + timedelta(days=index),
            cancelled=index == 1,
            timezone=["Asia/Shanghai", "Europe/Berlin", None][index % 3],
        )
        for index in range(6)
    ]

    text = build_feed(events, DTSTAMP, "Concord — 张三, Li")

    assert_valid_calendar(text, expected_method="PUBLISH")
    assert "X-WR-CALNAME:Concord — 张三\\, Li\r\n" in text
    assert text.index("METHOD:PUBLISH") < text.index("BEGIN:VTIMEZONE")
    assert text.count("BEGIN:VTIMEZONE") == 2
    seen = read_back(text)
    assert [s.uid for s in seen] == [e.uid for e in events]
    assert [s.status for s in seen] == ["CONFIRMED", "CANCELLED", *["CONFIRMED"] * 4]
    assert [(s.start, s.end, s.sequence) for s in seen] == [
        (e.start, e.end, e.sequence) for e in events
    ]
    # RFC 5546 PUBLISH: the organizer, but no attendee list.
    assert {s.organizer[1] for s in seen} == {"信访局, Coordinator"}
    assert {s.attendees for s in seen} == {()}


@pytest.mark.parametrize("timezone", [None, "Asia/Shanghai", "Europe/Berlin"])
def test_feed_writes_the_same_event_lines_as_the_ics_built_request(timezone: str | None) -> None:
    event = make_event(timezone=timezone, sequence=4, description="a, b; c\\d\n" + "长" * 40)

    def vevent_lines(text: str) -> list[str]:
        body = text.replace("\r\n ", "").split("BEGIN:VEVENT\r\n")[1].split("END:VEVENT")[0]
        return sorted(line for line in body.split("\r\n") if not line.startswith("ATTENDEE"))

    assert vevent_lines(build_feed([event], DTSTAMP, "x")) == vevent_lines(
        build_request(event, DTSTAMP)
    )


def test_empty_feed_is_still_a_valid_calendar() -> None:
    text = build_feed([], DTSTAMP, "Nothing yet")

    assert_valid_calendar(text, expected_method="PUBLISH")
    assert read_back(text) == []


def test_cannot_publish_two_events_with_one_uid() -> None:
    with pytest.raises(Conflict) as error:
        build_feed([make_event(), make_event()], DTSTAMP, "x")
    assert error.value.code == "duplicate_uid"
