"""Answering an invitation with the signed link it carries, without logging in."""

from __future__ import annotations

from tests.support.api_builders import assert_problem, booked_mediation
from tests.support.invitation_links import token_from_invite


async def test_the_invitation_link_answers_for_its_participant_without_a_login(
    client, coordinator
) -> None:
    setup = await booked_mediation(client, coordinator)
    session_id, petitioner = setup["session"]["id"], setup["petitioner"]["id"]
    token = await token_from_invite(client, coordinator, session_id, petitioner)

    response = await client.post(
        f"/api/v1/sessions/{session_id}/rsvp", json={"token": token, "partstat": "ACCEPTED"}
    )

    assert response.status_code == 200, response.text
    answered = {p["person_id"]: p["partstat"] for p in response.json()["participants"]}
    assert answered[petitioner] == "ACCEPTED"
    assert response.json()["needs_new_slot"] is False


async def test_a_link_for_another_session_or_an_altered_link_is_refused(
    client, coordinator
) -> None:
    first = await booked_mediation(client, coordinator, "XF-A")
    second = await booked_mediation(client, coordinator, "XF-B")
    token = await token_from_invite(
        client, coordinator, first["session"]["id"], first["petitioner"]["id"]
    )
    elsewhere = await client.post(
        f"/api/v1/sessions/{second['session']['id']}/rsvp",
        json={"token": token, "partstat": "ACCEPTED"},
    )
    assert_problem(elsewhere, 401, "invalid_token", "token")

    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = await client.post(
        f"/api/v1/sessions/{first['session']['id']}/rsvp",
        json={"token": altered, "partstat": "ACCEPTED"},
    )
    assert_problem(response, 401, "invalid_token", "token")

    anonymous = await client.post(
        f"/api/v1/sessions/{first['session']['id']}/rsvp", json={"partstat": "ACCEPTED"}
    )
    assert anonymous.status_code == 401


async def test_a_required_participant_declining_asks_for_a_new_slot_and_offers_some(
    client, coordinator
) -> None:
    setup = await booked_mediation(client, coordinator)
    session_id = setup["session"]["id"]
    token = await token_from_invite(client, coordinator, session_id, setup["mediator"]["id"])

    response = await client.post(
        f"/api/v1/sessions/{session_id}/rsvp", json={"token": token, "partstat": "DECLINED"}
    )

    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["needs_new_slot"] is True
    assert answer["next_slots"], "the next free slots are offered"
    assert all(slot["start"] != answer["start"] for slot in answer["next_slots"])
