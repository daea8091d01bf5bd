"""A hearing officer recused at ``recusal_asked`` leaves the booking as well as the session."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from scheduling.availability.busy_time import person_key
from scheduling.availability.service import load_availability
from scheduling.intervals import Interval
from scheduling.tables import BookingClaim
from tests.hearing.proceedings.test_procedure_api import booked_public_hearing
from tests.scheduling.booking.test_participant_removal import _attendees, _invite
from tests.support.api_builders import open_records_days_ahead
from tests.support.flow import post_ok
from tests.support.ical_checker import assert_valid_calendar


async def _claims_of(person_id: str) -> list[bool]:
    rows = await BookingClaim.select(BookingClaim.active).where(
        BookingClaim.resource_key == person_key(UUID(person_id))
    )
    return [row["active"] for row in rows]


async def test_a_recused_officer_gets_their_time_back_and_a_cancel_of_their_own(
    client, coordinator
) -> None:
    h = coordinator
    hearing = await booked_public_hearing(client, h, "PH-REC")
    session = hearing["session"]
    # Two leave, so the panel keeps an odd number of hearing officers.
    recused, also_recused, staying = hearing["officers"][:3]
    assert await _claims_of(recused["id"]) == [True]
    await open_records_days_ahead(30)
    path = f"/api/v1/sessions/{session['id']}/procedure"
    for step in ("identities_checked", "matter_and_panel_announced"):
        await post_ok(client, f"{path}/advance", h, {"step": step}, 200)

    await post_ok(
        client,
        f"{path}/advance",
        h,
        {"step": "recusal_asked", "recused": [recused["id"], also_recused["id"]]},
        200,
    )

    assert await _claims_of(recused["id"]) == [False]
    assert await _claims_of(also_recused["id"]) == [False]
    assert await _claims_of(staying["id"]) == [True]
    cancel = await _invite(client, h, session["id"], recused["id"])
    assert_valid_calendar(cancel, expected_method="CANCEL")
    assert "SEQUENCE:1" in cancel
    assert _attendees(cancel) == [f"mailto:{recused['email']}"]
    update = await _invite(client, h, session["id"], staying["id"])
    assert_valid_calendar(update, expected_method="REQUEST")
    assert "SEQUENCE:1" in update
    assert f"mailto:{recused['email']}" not in _attendees(update)
    other_cancel = await _invite(client, h, session["id"], also_recused["id"])
    assert_valid_calendar(other_cancel, expected_method="CANCEL")
    slot = Interval(
        datetime.fromisoformat(session["start"]), datetime.fromisoformat(session["end"])
    )
    loaded = await load_availability([UUID(recused["id"]), UUID(staying["id"])], slot)
    assert not loaded.people[UUID(recused["id"])].is_busy_during(slot)
    assert loaded.people[UUID(staying["id"])].is_busy_during(slot)
