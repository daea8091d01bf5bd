"""A public hearing's notice and observer registration over HTTP, without logging in."""

from __future__ import annotations

import json
from typing import Any

from tests.support.api_builders import (
    assert_problem,
    booked_mediation,
    booked_public_hearing_api,
    get_json,
)
from tests.support.flow import post_ok


async def register(client: Any, session_id: str, name: str, email: str) -> Any:
    return await client.post(
        f"/api/v1/sessions/{session_id}/observers", json={"name": name, "email": email}
    )


async def test_the_notice_needs_no_login_and_carries_no_personal_data(
    client: Any, coordinator: dict[str, str]
) -> None:
    setup = await booked_public_hearing_api(client, coordinator, "PN-1", public_seats=5)
    response = await client.get(f"/api/v1/sessions/{setup['session']['id']}/notice")
    assert response.status_code == 200, response.text
    notice = response.json()
    assert (notice["place"], notice["matter"]) == (
        {"name": "第一听证室", "address": "人民路1号"},
        "征收补偿争议",
    )
    assert (notice["public_seats"], notice["seats_left"]) == (5, 5)
    assert notice["start"].endswith("+08:00")
    assert notice["registration"]["url"].endswith(f"/sessions/{setup['session']['id']}/observers")
    text = json.dumps(notice, ensure_ascii=False)
    petitioner = setup["petitioner"]
    for private in (petitioner["name"], petitioner["email"], "13812345678", "房屋被征收"):
        assert private not in text
    for person in (setup["department"], setup["presiding"], *setup["officers"]):
        assert person["name"] not in text and person["email"] not in text


async def test_only_a_public_hearing_has_a_notice(client: Any, coordinator: dict[str, str]) -> None:
    setup = await booked_mediation(client, coordinator, "PN-2")
    response = await client.get(f"/api/v1/sessions/{setup['session']['id']}/notice")
    assert_problem(response, 404, "notice_not_found", "id")


async def test_observers_take_the_public_seats_then_a_cancel_moves_the_waiting_list_up(
    client: Any, coordinator: dict[str, str]
) -> None:
    setup = await booked_public_hearing_api(client, coordinator, "PN-3", public_seats=1)
    session_id = setup["session"]["id"]
    first = await register(client, session_id, "赵旁听", "zhao@example.cn")
    second = await register(client, session_id, "钱旁听", "qian@example.cn")
    assert (first.status_code, second.status_code) == (201, 201)
    assert (first.json()["status"], second.json()["status"]) == ("confirmed", "waitlisted")
    seated = first.json()
    cancel = await client.post(
        f"/api/v1/sessions/{session_id}/observers/{seated['id']}/cancel",
        json={"cancel_token": seated["cancel_token"]},
    )
    assert cancel.status_code == 200, cancel.text
    assert cancel.json() == {"id": seated["id"], "status": "cancelled"}
    outbox = await get_json(client, "/api/v1/outbox", coordinator, session_id=session_id)
    seat_mail = [m for m in outbox["items"] if m["topic"] == "observer.seat_confirmed"]
    assert [m["recipient"] for m in seat_mail] == ["qian@example.cn"]
    assert seat_mail[0]["subject"].startswith("旁听席位已确认")
    notice = await get_json(client, f"/api/v1/sessions/{session_id}/notice", {})
    assert notice["seats_left"] == 0


async def test_a_wrong_cancel_token_is_404(client: Any, coordinator: dict[str, str]) -> None:
    setup = await booked_public_hearing_api(client, coordinator, "PN-4")
    session_id = setup["session"]["id"]
    observer = (await register(client, session_id, "赵旁听", "zhao@example.cn")).json()
    response = await client.post(
        f"/api/v1/sessions/{session_id}/observers/{observer['id']}/cancel",
        json={"cancel_token": "not-the-token"},
    )
    assert_problem(response, 404, "observer_not_found", "id")


async def test_a_case_marked_private_takes_no_observers(
    client: Any, coordinator: dict[str, str]
) -> None:
    setup = await booked_public_hearing_api(client, coordinator, "PN-5")
    response = await client.patch(
        f"/api/v1/cases/{setup['case']['id']}",
        json={"confidentiality": "privacy"},
        headers=coordinator,
    )
    assert response.status_code == 200, response.text
    refused = await register(client, setup["session"]["id"], "赵旁听", "zhao@example.cn")
    assert_problem(refused, 422, "closed_session_required", "id")
    notice = await client.get(f"/api/v1/sessions/{setup['session']['id']}/notice")
    assert notice.status_code == 404


async def test_a_mediation_takes_no_observers(client: Any, coordinator: dict[str, str]) -> None:
    setup = await booked_mediation(client, coordinator, "PN-6")
    refused = await register(client, setup["session"]["id"], "赵旁听", "zhao@example.cn")
    assert_problem(refused, 422, "public_hearing_only", "id")


async def test_a_hearing_not_booked_yet_takes_no_observers(
    client: Any, coordinator: dict[str, str]
) -> None:
    setup = await booked_public_hearing_api(client, coordinator, "PN-7")
    await post_ok(
        client,
        f"/api/v1/sessions/{setup['session']['id']}/cancel",
        coordinator,
        {"reason": "x"},
        200,
    )
    refused = await register(client, setup["session"]["id"], "赵旁听", "zhao@example.cn")
    assert_problem(refused, 422, "session_cancelled", "id")


async def test_a_malformed_email_is_a_bad_request(client: Any, coordinator: dict[str, str]) -> None:
    setup = await booked_public_hearing_api(client, coordinator, "PN-8")
    response = await register(client, setup["session"]["id"], "赵旁听", "not an email")
    assert response.status_code == 400, response.text


async def test_observers_are_not_participants_of_the_session(
    client: Any, coordinator: dict[str, str]
) -> None:
    setup = await booked_public_hearing_api(client, coordinator, "PN-9")
    session_id = setup["session"]["id"]
    await register(client, session_id, "赵旁听", "zhao@example.cn")
    session = await get_json(client, f"/api/v1/sessions/{session_id}", coordinator)
    assert session["participants"] == setup["session"]["participants"]
