"""Calendar files as calendar apps and careless clients send them: recurring events, unknown
time zones, impossible dates, foreign charsets, NUL bytes, empty and malformed bodies."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.errors import RuleViolation
from parties.people import service as parties
from scheduling.calendars import service as calendar_service
from scheduling.calendars.busy_from_ics import busy_intervals, import_horizon
from scheduling.calendars.ics_text import calendar_text, charset_of
from scheduling.intervals import Interval
from scheduling.invitations.itip_reply import read_reply
from tests.support.api_builders import assert_problem, booked_mediation
from tests.support.builders import person
from tests.support.flow import post_ok
from tests.support.viewers import COORDINATOR

NOW = datetime(2026, 11, 25, tzinfo=UTC)
HORIZON = import_horizon(NOW)


def calendar(*event_lines: list[str], extra: tuple[str, ...] = ()) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//input//EN", *extra]
    for index, event in enumerate(event_lines):
        uid = [] if any(line.startswith("UID:") for line in event) else [f"UID:e{index}@test"]
        lines += ["BEGIN:VEVENT", *uid, "DTSTAMP:20261101T000000Z", *event]
        lines.append("END:VEVENT")
    return "\r\n".join([*lines, "END:VCALENDAR", ""])


def refused(text: str) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        busy_intervals(text, HORIZON)
    return caught.value


def test_a_weekly_rule_becomes_one_busy_block_per_occurrence() -> None:
    weekly = [
        "DTSTART;TZID=Asia/Shanghai:20261201T090000",
        "DTEND;TZID=Asia/Shanghai:20261201T100000",
        "RRULE:FREQ=WEEKLY;COUNT=4",
        "EXDATE;TZID=Asia/Shanghai:20261215T090000",
    ]
    busy = busy_intervals(calendar(weekly), HORIZON)
    shanghai = ZoneInfo("Asia/Shanghai")
    assert busy == [
        Interval(
            datetime(2026, 12, d, 9, tzinfo=shanghai), datetime(2026, 12, d, 10, tzinfo=shanghai)
        )
        for d in (1, 8, 22)
    ]


def test_an_endless_rule_is_expanded_over_the_horizon_only() -> None:
    daily = ["DTSTART:20200106T010000Z", "DTEND:20200106T020000Z", "RRULE:FREQ=DAILY"]
    busy = busy_intervals(calendar(daily), HORIZON)
    assert busy[0].start == datetime(2026, 11, 24, 1, tzinfo=UTC)
    assert all(HORIZON.start <= block.end and block.start < HORIZON.end for block in busy)
    assert len(busy) == (HORIZON.end - HORIZON.start).days


def test_a_zone_defined_in_the_file_is_used_and_an_unknown_one_refused() -> None:
    own_zone = (
        "BEGIN:VTIMEZONE",
        "TZID:Office Time",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0800",
        "TZOFFSETTO:+0800",
        "END:STANDARD",
        "END:VTIMEZONE",
    )
    event = ["DTSTART;TZID=Office Time:20261201T090000", "DTEND;TZID=Office Time:20261201T100000"]
    [block] = busy_intervals(calendar(event, extra=own_zone), HORIZON)
    assert block.start == datetime(2026, 12, 1, 1, tzinfo=UTC)

    unknown = ["DTSTART;TZID=Mars/Olympus:20261201T090000", "DTEND:20261201T100000Z"]
    problem = refused(calendar(unknown))
    assert (problem.code, problem.field) == ("unknown_timezone", "file")


def test_an_impossible_date_is_refused_naming_the_property_not_the_value() -> None:
    problem = refused(calendar(["DTSTART:20270230T090000Z", "DTEND:20270230T100000Z"]))
    assert problem.code == "invalid_calendar"
    assert "DTSTART" in problem.message and "20270230" not in problem.message


def test_a_reply_with_a_sequence_that_is_no_number_is_refused() -> None:
    reply = calendar(
        ["SEQUENCE:abc", "ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@example.cn"],
        extra=("METHOD:REPLY",),
    )
    with pytest.raises(RuleViolation) as caught:
        read_reply(reply)
    assert (caught.value.code, caught.value.field) == ("invalid_itip_reply", "file")
    assert "SEQUENCE" in caught.value.message


def test_text_in_a_declared_charset_is_read_in_it_and_undeclared_non_utf8_refused() -> None:
    text = calendar(["SUMMARY:信访接待", "DTSTART:20261201T010000Z", "DTEND:20261201T020000Z"])
    gbk = text.encode("gbk")
    assert calendar_text(gbk, charset_of("text/calendar; charset=GBK"), "file") == text
    assert calendar_text(b"\xef\xbb\xbf" + text.encode(), None, "file") == text
    for data, charset, code in (
        (gbk, None, "calendar_encoding"),
        (gbk, "utf-8", "calendar_encoding"),
        (gbk, "klingon-8", "unknown_charset"),
        (b"BEGIN:VCALENDAR\r\n\x00\r\nEND:VCALENDAR\r\n", None, "invalid_calendar"),
        (b"  \r\n", None, "invalid_calendar"),
    ):
        with pytest.raises(RuleViolation) as caught:
            calendar_text(data, charset, "file")
        assert (caught.value.code, caught.value.field) == (code, "file")


async def _path(client, coordinator) -> str:
    someone = await post_ok(
        client, "/api/v1/people", coordinator, {"name": "王五", "email": "wang@example.cn"}
    )
    return f"/api/v1/people/{someone['id']}/calendars"


async def test_bad_uploads_are_422_not_500(client, coordinator) -> None:
    path = await _path(client, coordinator)
    soon = datetime.now(UTC) + timedelta(days=30)
    good = ["SUMMARY:信访接待", f"DTSTART:{soon:%Y%m%dT010000Z}", f"DTEND:{soon:%Y%m%dT020000Z}"]
    cases = [
        (
            calendar(["DTSTART:20270230T090000Z", "DTEND:20270230T100000Z"]).encode(),
            "text/calendar",
            "invalid_calendar",
        ),
        (
            calendar(
                ["DTSTART;TZID=Nowhere/Land:20301201T090000", "DTEND:20301201T100000Z"]
            ).encode(),
            "text/calendar",
            "unknown_timezone",
        ),
        (calendar(good).encode("gbk"), "text/calendar", "calendar_encoding"),
        (calendar(good).encode() + b"\x00", "text/calendar", "invalid_calendar"),
        (b"", "text/calendar", "invalid_calendar"),
    ]
    for data, media_type, code in cases:
        response = await client.post(
            path, files={"file": ("me.ics", data, media_type)}, headers=coordinator
        )
        assert_problem(response, 422, code, "file")
    declared = await client.post(
        path,
        files={"file": ("me.ics", calendar(good).encode("gbk"), "text/calendar; charset=gbk")},
        headers=coordinator,
    )
    assert declared.status_code == 201, declared.text
    assert declared.json()["busy_blocks"] == 1


async def test_an_empty_or_malformed_json_body_is_a_client_error(client, coordinator) -> None:
    path = await _path(client, coordinator)
    for body in (b"", b"{", b"[1,2", b'{"url": 5}', b"null"):
        response = await client.post(
            path, content=body, headers={**coordinator, "Content-Type": "application/json"}
        )
        assert_problem(response, 422, "invalid_request", "url")


async def test_a_reply_with_a_bad_sequence_is_422_through_the_api(client, coordinator) -> None:
    setup = await booked_mediation(client, coordinator)
    session_id = setup["session"]["id"]
    attendee = f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{setup['department']['email']}"
    reply = calendar(
        [f"UID:{session_id}@concord", "SEQUENCE:abc", attendee], extra=("METHOD:REPLY",)
    )
    response = await client.post(
        f"/api/v1/sessions/{session_id}/rsvp/reply",
        content=reply.encode(),
        headers={**coordinator, "Content-Type": "text/calendar"},
    )
    assert_problem(response, 422, "invalid_itip_reply", "file")


async def test_a_large_calendar_is_parsed_off_the_event_loop(db, monkeypatch) -> None:
    """The parser is held until the loop has done other work: were it run on the loop, the loop
    could not do that work and the parser would give up waiting."""
    someone = await person("孙七", "sun@example.cn")
    started, released = threading.Event(), threading.Event()
    waited: list[bool] = []
    parse = busy_intervals

    def held_parse(text: str, horizon: Interval, field: str) -> list[Interval]:
        started.set()
        waited.append(released.wait(timeout=30))
        return parse(text, horizon, field)

    monkeypatch.setattr(calendar_service, "busy_intervals", held_parse)
    events = [
        [
            f"DTSTART:2026{12:02d}{d % 28 + 1:02d}T{h:02d}0000Z",
            f"DTEND:2026{12:02d}{d % 28 + 1:02d}T{h:02d}3000Z",
            "SUMMARY:" + "忙" * 200,
        ]
        for d in range(28)
        for h in range(10)
    ]
    text = calendar(*events)
    assert len(text.encode()) > 150_000
    task = asyncio.create_task(
        calendar_service.import_upload_for(COORDINATOR, someone, "big.ics", text, NOW)
    )
    while not started.is_set():
        await asyncio.sleep(0.01)
    assert (await parties.get_person(someone)).name == "孙七"  # the loop serves a query
    released.set()
    imported = await task
    assert waited == [True]
    assert imported.busy_blocks == 28 * 10
