"""The README walk-through, step by step, against the real API and database."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import Any

import icalendar
from pypdf import PdfReader

from tests.support.api_builders import assert_problem, open_records_days_ahead, reschedule
from tests.support.flow import mediation_setup, next_weekday_at, post_ok, utc


async def test_coordinator_runs_a_mediation_from_booking_to_sealed_minutes(
    client, coordinator
) -> None:
    h = coordinator
    setup = await mediation_setup(client, h)
    assert setup["session"]["status"] == "unscheduled"

    window_start = await book_the_earliest_slot(client, h, setup)
    uids = await invite_every_party(client, h, setup, window_start)
    later = await reschedule_to_the_afternoon(client, h, setup, window_start, uids)
    await record_the_session(client, h, setup, later)
    minutes = await draft_minutes_naming_the_parties(client, h, setup)
    sealed_pdf = await sign_refuse_and_seal(client, h, setup, minutes)
    await verify_the_sealed_copy_and_a_tampered_one(client, h, minutes, sealed_pdf)
    await everything_is_frozen_once_sealed(client, h, setup, window_start)


def parties(setup: dict[str, Any]) -> list[dict[str, Any]]:
    return [setup["petitioner"], setup["department"], setup["mediator"]]


async def book_the_earliest_slot(client: Any, h: dict[str, str], setup: dict[str, Any]) -> datetime:
    """Slots: ask within a week starting ten days out; the earliest comes first and is booked."""
    session_id = setup["session"]["id"]
    window_start = next_weekday_at(9)
    found = await post_ok(
        client,
        f"/api/v1/sessions/{session_id}/slot-search",
        h,
        {
            "not_before": window_start.isoformat(),
            "not_after": (window_start + timedelta(days=7)).isoformat(),
        },
        status=200,
    )
    assert found["slots"], found
    first = found["slots"][0]
    assert utc(first["start"]) == window_start
    assert first["room_id"] == setup["room"]["id"]

    booked = await post_ok(
        client,
        f"/api/v1/sessions/{session_id}/booking",
        h,
        {"start": first["start"], "room_id": first["room_id"]},
    )
    assert booked["status"] == "scheduled"
    assert utc(booked["start"]) == window_start
    assert utc(booked["end"]) == window_start + timedelta(minutes=90)
    return window_start


async def invite_every_party(
    client: Any, h: dict[str, str], setup: dict[str, Any], window_start: datetime
) -> set[str]:
    """Every participant's invitation is a REQUEST with sequence 0, all with one UID."""
    session_id = setup["session"]["id"]
    uids = set()
    for person in parties(setup):
        response = await client.get(
            f"/api/v1/sessions/{session_id}/invite.ics",
            params={"person_id": person["id"]},
            headers=h,
        )
        assert response.status_code == 200
        assert "method=REQUEST" in response.headers["content-type"]
        calendar = icalendar.Calendar.from_ical(response.text)
        assert str(calendar["METHOD"]) == "REQUEST"
        [event] = calendar.walk("VEVENT")
        assert int(event["SEQUENCE"]) == 0
        assert event["DTSTART"].dt.astimezone(window_start.tzinfo) == window_start
        uids.add(str(event["UID"]))
    assert len(uids) == 1
    return uids


async def reschedule_to_the_afternoon(
    client: Any, h: dict[str, str], setup: dict[str, Any], window_start: datetime, uids: set[str]
) -> datetime:
    """Rescheduling to the afternoon keeps the UID and raises SEQUENCE to 1."""
    session_id = setup["session"]["id"]
    later = window_start.replace(hour=14)
    moved = await reschedule(client, h, session_id, later, setup["room"]["id"], "mediator delayed")
    assert utc(moved["start"]) == later
    response = await client.get(
        f"/api/v1/sessions/{session_id}/invite.ics",
        params={"person_id": parties(setup)[0]["id"]},
        headers=h,
    )
    [event] = icalendar.Calendar.from_ical(response.text).walk("VEVENT")
    assert str(event["UID"]) in uids
    assert int(event["SEQUENCE"]) == 1
    return later


async def record_the_session(
    client: Any, h: dict[str, str], setup: dict[str, Any], later: datetime
) -> None:
    """The record: attendance, each party's position, an outcome and an action item."""
    session_id = setup["session"]["id"]
    # The record opens an hour before the start; this jurisdiction opens it a month ahead.
    early = await client.post(
        f"/api/v1/sessions/{session_id}/attendance",
        json={"person_id": parties(setup)[0]["id"], "status": "present"},
        headers=h,
    )
    assert_problem(early, 422, "session_not_started", "id")
    await open_records_days_ahead(30)

    # Mediation rests on consent: both parties give it before anyone states their case.
    for party in (setup["petitioner"], setup["department"]):
        consent = {"person_id": party["id"], "consent": True}
        await post_ok(client, f"/api/v1/sessions/{session_id}/consent", h, consent)
    await post_ok(
        client, f"/api/v1/sessions/{session_id}/procedure/advance", h, {"step": "consent"}, 200
    )

    for person in parties(setup):
        await post_ok(
            client,
            f"/api/v1/sessions/{session_id}/attendance",
            h,
            {"person_id": person["id"], "status": "present"},
        )
    for position in (
        {
            "person_id": setup["petitioner"]["id"],
            "agenda_item": "补偿标准",
            "statement": "补偿标准过低",
            "requests": "按市场价补偿",
            "evidence": "评估报告",
        },
        {
            "person_id": setup["department"]["id"],
            "agenda_item": "补偿标准",
            "statement": "标准符合规定",
            "legal_basis": "《国有土地上房屋征收与补偿条例》",
        },
    ):
        await post_ok(client, f"/api/v1/sessions/{session_id}/positions", h, position)
    await post_ok(
        client,
        f"/api/v1/sessions/{session_id}/outcomes",
        h,
        {"agenda_item": "补偿标准", "status": "partially_agreed", "terms": "重新评估"},
    )
    item = await post_ok(
        client,
        f"/api/v1/sessions/{session_id}/action-items",
        h,
        {
            "title": "委托第三方重新评估",
            "owner_organization_id": setup["department_org"]["id"],
            "due_date": (later + timedelta(days=30)).date().isoformat(),
        },
    )
    assert item["status"] == "open"


async def draft_minutes_naming_the_parties(
    client: Any, h: dict[str, str], setup: dict[str, Any]
) -> dict[str, Any]:
    """Minutes: a draft PDF with the Chinese names in its text."""
    path = f"/api/v1/sessions/{setup['session']['id']}/minutes"
    minutes: dict[str, Any] = await post_ok(client, path, h, None)
    assert minutes["status"] == "draft"
    assert minutes["version"] == 1
    pdf = await client.get(f"/api/v1/minutes/{minutes['id']}/pdf", headers=h)
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "张三" in text and "王科长" in text
    return minutes


async def sign_refuse_and_seal(
    client: Any, h: dict[str, str], setup: dict[str, Any], minutes: dict[str, Any]
) -> bytes:
    """Two sign, one refuses with a reason; then the institution seals."""
    version = minutes["version_sha256"]
    for person in parties(setup)[:2]:
        await post_ok(
            client,
            f"/api/v1/minutes/{minutes['id']}/signatures",
            h,
            {"person_id": person["id"], "decision": "sign", "version_sha256": version},
        )
    signed = await post_ok(
        client,
        f"/api/v1/minutes/{minutes['id']}/signatures",
        h,
        {
            "person_id": setup["mediator"]["id"],
            "decision": "refuse",
            "reason": "records disagree",
            "version_sha256": version,
        },
    )
    assert signed["status"] == "signing"
    assert signed["pending_signers"] == []
    sealed = await post_ok(client, f"/api/v1/minutes/{minutes['id']}/seal", h, None, status=200)
    assert sealed["status"] == "sealed"
    sealed_pdf: bytes = (
        await client.get(f"/api/v1/minutes/{minutes['id']}/pdf", headers=h)
    ).content
    sealed_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(sealed_pdf)).pages)
    assert "records disagree" in sealed_text
    return sealed_pdf


async def verify_the_sealed_copy_and_a_tampered_one(
    client: Any, h: dict[str, str], minutes: dict[str, Any], sealed_pdf: bytes
) -> None:
    """Verification: the sealed copy is intact, a modified copy is not."""
    response = await client.post(
        "/api/v1/archive/verify",
        files={"file": ("minutes.pdf", sealed_pdf, "application/pdf")},
        headers=h,
    )
    assert response.status_code == 200, response.text
    verdict = response.json()
    assert verdict["intact"] is True
    assert verdict["minutes_id"] == minutes["id"]
    assert verdict["problems"] == []
    assert {s["decision"] for s in verdict["signatures"]} == {"sign", "refuse"}
    assert all(s["valid"] for s in verdict["signatures"])

    tampered = bytearray(sealed_pdf)
    tampered[len(tampered) // 2] ^= 0x01
    tampered = bytes(tampered)
    response = await client.post(
        "/api/v1/archive/verify",
        files={"file": ("minutes.pdf", tampered, "application/pdf")},
        headers=h,
    )
    verdict = response.json()
    assert verdict["intact"] is False
    assert verdict["minutes_id"] == minutes["id"]
    assert verdict["problems"]


async def everything_is_frozen_once_sealed(
    client: Any, h: dict[str, str], setup: dict[str, Any], window_start: datetime
) -> None:
    """Sealed minutes are immutable, and so is everything else about the session."""
    session_id = setup["session"]["id"]
    response = await client.post(f"/api/v1/sessions/{session_id}/minutes", headers=h)
    assert_problem(response, 409, "minutes_sealed", "id")
    frozen = [
        await client.post(
            f"/api/v1/sessions/{session_id}/reschedule",
            json={"start": window_start.isoformat(), "room_id": setup["room"]["id"], "reason": "x"},
            headers=h,
        ),
        await client.post(f"/api/v1/sessions/{session_id}/cancel", json={"reason": "x"}, headers=h),
        await client.post(
            f"/api/v1/sessions/{session_id}/outcomes",
            json={"agenda_item": "补偿标准", "status": "agreed"},
            headers=h,
        ),
    ]
    for response in frozen:
        assert_problem(response, 409, "minutes_sealed", "id")
