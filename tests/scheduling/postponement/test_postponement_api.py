"""A public hearing postponed, resumed with new notice, then suspended mid-way and resumed."""

from __future__ import annotations

from datetime import datetime, timedelta

import icalendar

from tests.hearing.proceedings.test_procedure_api import booked_public_hearing, statuses
from tests.scheduling.booking.test_participant_removal import _invite
from tests.support.api_builders import (
    assert_problem,
    get_json,
    open_records_days_ahead,
    participant_login,
)
from tests.support.flow import post_ok


def _event(text: str) -> icalendar.cal.Component:
    [event] = icalendar.Calendar.from_ical(text).walk("VEVENT")
    return event


async def test_a_hearing_is_postponed_resumed_suspended_and_resumed_again(
    client, coordinator
) -> None:
    h = coordinator
    hearing = await booked_public_hearing(client, h, "PH-PP")
    session, room = hearing["session"], hearing["room"]
    path = f"/api/v1/sessions/{session['id']}"
    await open_records_days_ahead(30)

    for body in ({}, {"reason": "  "}):
        blank = await client.post(f"{path}/postpone", json=body, headers=h)
        assert_problem(blank, 422, "reason_required", "reason")
    petitioner = await participant_login(client, hearing["petitioner"])
    refused = await client.post(f"{path}/postpone", json={"reason": "r"}, headers=petitioner)
    assert_problem(refused, 403, "staff_only", "id")
    postponed = await post_ok(client, f"{path}/postpone", h, {"reason": "主持人病假"}, 200)
    assert postponed["status"] == "postponed"
    writes = await client.post(
        f"{path}/procedure/advance", json={"step": "identities_checked"}, headers=h
    )
    assert_problem(writes, 409, "session_suspended", "id")

    first_start = datetime.fromisoformat(session["start"])
    short = await client.post(
        f"{path}/resume",
        json={"start": (first_start - timedelta(days=8)).isoformat(), "room_id": room["id"]},
        headers=h,
    )
    assert_problem(short, 422, "notice_too_short", "start")
    new_start = first_start + timedelta(days=7)
    resumed = await post_ok(
        client, f"{path}/resume", h, {"start": new_start.isoformat(), "room_id": room["id"]}, 200
    )
    assert (resumed["status"], datetime.fromisoformat(resumed["start"])) == ("scheduled", new_start)
    invite = _event(await _invite(client, h, session["id"], hearing["petitioner"]["id"]))
    # One SEQUENCE for the postponement's CANCEL, one for the resumption's REQUEST.
    assert (invite["SEQUENCE"], invite["DTSTART"].dt) == (2, new_start)

    await post_ok(client, f"{path}/procedure/advance", h, {"step": "identities_checked"}, 200)
    early = await client.post(f"{path}/postpone", json={"reason": "r"}, headers=h)
    assert_problem(early, 409, "session_started", "id")
    await post_ok(client, f"{path}/suspend", h, {"reason": "证人未到庭"}, 200)
    stopped = await get_json(client, f"{path}/procedure", h)
    later = new_start + timedelta(days=14)
    await post_ok(
        client, f"{path}/resume", h, {"start": later.isoformat(), "room_id": room["id"]}, 200
    )
    # The record opens again before the new start: a month out here, so open it earlier.
    await open_records_days_ahead(60)
    goes_on = await post_ok(
        client, f"{path}/procedure/advance", h, {"step": "matter_and_panel_announced"}, 200
    )
    assert statuses(stopped)[:2] == [
        ("identities_checked", "done"),
        ("matter_and_panel_announced", "current"),
    ]
    assert statuses(goes_on)[1:3] == [
        ("matter_and_panel_announced", "done"),
        ("recusal_asked", "current"),
    ]
    record = await get_json(client, f"{path}/record", h)
    assert [(i["kind"], i["reason"]) for i in record["procedure"]["interruptions"]] == [
        ("postponed", "主持人病假"),
        ("suspended", "证人未到庭"),
    ]
    assert all(i["resumed_at"] for i in record["procedure"]["interruptions"])
    invite = _event(await _invite(client, h, session["id"], hearing["petitioner"]["id"]))
    assert (invite["SEQUENCE"], invite["DTSTART"].dt) == (4, later)
