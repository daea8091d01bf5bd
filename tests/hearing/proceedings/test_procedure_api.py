"""The order of proceedings over HTTP, as a coordinator runs it in the hearing room."""

from __future__ import annotations

from typing import Any

from tests.support.api_builders import (
    assert_problem,
    book,
    booked_mediation,
    get_json,
    open_records_days_ahead,
    participant_login,
    public_hearing_body,
    public_hearing_people,
)
from tests.support.flow import next_weekday_at, post_ok

HEARING_ORDER = [
    "identities_checked",
    "matter_and_panel_announced",
    "recusal_asked",
    "rights_read",
    "petitioner_states",
    "department_states",
    "cross_examination",
    "final_statements",
    "panel_deliberates",
    "conclusion",
]


async def booked_public_hearing(client: Any, h: dict[str, str], tag: str) -> dict[str, Any]:
    """A public hearing with five hearing officers and one agenda item, booked ten days out."""
    people = await public_hearing_people(client, h, tag, officers=5)
    room = await post_ok(
        client,
        "/api/v1/rooms",
        h,
        {"name": f"听证室 {tag}", "capacity": 12, "public_seats": 20, "timezone": "Asia/Shanghai"},
    )
    case = await post_ok(client, "/api/v1/cases", h, {"reference": tag, "title": "补偿争议"})
    body = {**public_hearing_body(case["id"], people), "agenda": ["补偿标准"], "locale": "en"}
    session = await post_ok(client, "/api/v1/sessions", h, body)
    response = await book(client, h, session["id"], room["id"], next_weekday_at(10))
    assert response.status_code == 201, response.text
    return {**people, "session": response.json(), "room": room}


def statuses(procedure: dict[str, Any]) -> list[tuple[str, str]]:
    return [(step["key"], step["status"]) for step in procedure["steps"]]


async def test_a_public_hearing_runs_from_identities_to_conclusion(client, coordinator) -> None:
    h = coordinator
    hearing = await booked_public_hearing(client, h, "PH-30")
    path = f"/api/v1/sessions/{hearing['session']['id']}/procedure"

    # Ten days before the start the record is not open yet.
    early = await client.post(f"{path}/advance", json={"step": "identities_checked"}, headers=h)
    assert_problem(early, 422, "session_not_started", "id")
    await open_records_days_ahead(30)

    fresh = await get_json(client, path, h)
    assert [step["key"] for step in fresh["steps"]] == HEARING_ORDER
    assert fresh["steps"][0] == {
        "key": "identities_checked",
        "title": "Identities checked",
        "status": "current",
    }

    await post_ok(client, f"{path}/advance", h, {"step": "identities_checked"}, 200)
    out_of_order = await client.post(f"{path}/advance", json={"step": "rights_read"}, headers=h)
    assert_problem(out_of_order, 409, "step_out_of_order", "step")
    await post_ok(client, f"{path}/advance", h, {"step": "matter_and_panel_announced"}, 200)

    recused = [officer["id"] for officer in hearing["officers"][:2]]
    after_recusal = await post_ok(
        client,
        f"{path}/advance",
        h,
        {"step": "recusal_asked", "note": "两名听证员申请回避，准许", "recused": recused},
        200,
    )
    assert after_recusal["steps"][2]["recused"] == recused
    session = await get_json(client, f"/api/v1/sessions/{hearing['session']['id']}", h)
    assert not {p["person_id"] for p in session["participants"]} & set(recused)

    blank = await client.post(
        f"{path}/skip", json={"step": "rights_read", "reason": " "}, headers=h
    )
    assert_problem(blank, 422, "reason_required", "reason")
    reason = "权利义务已随听证通知书书面告知"
    await post_ok(client, f"{path}/skip", h, {"step": "rights_read", "reason": reason}, 200)
    for step in HEARING_ORDER[4:]:
        done = await post_ok(client, f"{path}/advance", h, {"step": step}, 200)

    assert statuses(done) == [
        (step, "skipped" if step == "rights_read" else "done") for step in HEARING_ORDER
    ]
    assert done["steps"][3]["skip_reason"] == reason
    for before, after in zip(done["steps"], done["steps"][1:], strict=False):
        assert before["ended_at"] == after["started_at"]
    finished = await client.post(f"{path}/advance", json={"step": "conclusion"}, headers=h)
    assert_problem(finished, 409, "procedure_finished", "step")
    record = await get_json(client, f"/api/v1/sessions/{hearing['session']['id']}/record", h)
    assert statuses(record["procedure"]) == statuses(done)


async def test_participants_read_their_own_procedure_and_run_none(client, coordinator) -> None:
    h = coordinator
    mine = await booked_mediation(client, h, "XF-31")
    other = await booked_mediation(client, h, "XF-32")
    await open_records_days_ahead(30)
    petitioner = await participant_login(client, mine["petitioner"])
    own, foreign = mine["session"]["id"], other["session"]["id"]

    steps = await get_json(client, f"/api/v1/sessions/{own}/procedure", petitioner)
    assert steps["steps"][0]["title"] == "征询调解意愿"
    hidden = await client.get(f"/api/v1/sessions/{foreign}/procedure", headers=petitioner)
    assert_problem(hidden, 404, "session_not_found", "id")
    for action, body in (("advance", {"step": "consent"}), ("skip", {"step": "x", "reason": "y"})):
        forbidden = await client.post(
            f"/api/v1/sessions/{own}/procedure/{action}", json=body, headers=petitioner
        )
        assert_problem(forbidden, 403, "staff_only", "id")
        unknown = await client.post(
            f"/api/v1/sessions/{foreign}/procedure/{action}", json=body, headers=petitioner
        )
        assert_problem(unknown, 404, "session_not_found", "id")
    consent = {"person_id": other["petitioner"]["id"], "consent": True}
    elsewhere = await client.post(
        f"/api/v1/sessions/{foreign}/consent", json=consent, headers=petitioner
    )
    assert_problem(elsewhere, 404, "session_not_found", "id")
    for_someone_else = {"person_id": mine["department"]["id"], "consent": True}
    refused = await client.post(
        f"/api/v1/sessions/{own}/consent", json=for_someone_else, headers=petitioner
    )
    assert_problem(refused, 403, "not_your_record", "person_id")


async def test_a_mediation_needs_every_consent_and_a_refusal_ends_it(client, coordinator) -> None:
    h = coordinator
    setup = await booked_mediation(client, h, "XF-33")
    await open_records_days_ahead(30)
    session_id = setup["session"]["id"]
    base = f"/api/v1/sessions/{session_id}"
    petitioner = await participant_login(client, setup["petitioner"])

    own = {"person_id": setup["petitioner"]["id"], "consent": True}
    given = await post_ok(client, f"{base}/consent", petitioner, own)
    assert given["consent"] is True
    missing = await client.post(f"{base}/procedure/advance", json={"step": "consent"}, headers=h)
    assert_problem(missing, 422, "consent_missing", "step")
    assert missing.json()["missing"] == [setup["department"]["id"]]

    refusal = {"person_id": setup["department"]["id"], "consent": False}
    await post_ok(client, f"{base}/consent", h, refusal)
    record = await get_json(client, f"{base}/record", h)
    assert record["session"]["status"] == "ended"
    assert record["procedure"]["ended_reason"] == "consent_refused"
    assert {(c["person_id"], c["consent"]) for c in record["consents"]} == {
        (setup["petitioner"]["id"], True),
        (setup["department"]["id"], False),
    }
    position = {"person_id": setup["petitioner"]["id"], "agenda_item": "补偿标准", "statement": "x"}
    ended = await client.post(f"{base}/positions", json=position, headers=h)
    assert_problem(ended, 409, "session_ended", "id")
