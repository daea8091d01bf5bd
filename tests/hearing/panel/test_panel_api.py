"""Panel votes and the conclusion over HTTP: a split panel, its dissent, and who may see it."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from core.access import Role, Viewer
from hearing.jurisdictions.service import DEFAULT_JURISDICTION_ID, update_jurisdiction
from tests.support.api_builders import (
    assert_problem,
    booked_public_hearing_api,
    create_person,
    get_json,
    participant_login,
)
from tests.support.flow import post_ok

ITEM = "补偿标准"
ADMIN = Viewer(uuid4(), "admin@test.example", Role.ADMIN, None)


async def hearing(client: Any, coordinator: dict[str, str], reference: str) -> dict[str, Any]:
    """A booked public hearing whose record is open now, ten days before it starts: the
    jurisdiction opens the record two weeks ahead, so these tests need no clock of their own."""
    await update_jurisdiction(
        ADMIN, DEFAULT_JURISDICTION_ID, {"rules": {"open_before_start_minutes": 14 * 24 * 60}}
    )
    return await booked_public_hearing_api(client, coordinator, reference, agenda=(ITEM, "安置"))


async def vote(
    client: Any, headers: dict[str, str], setup: dict[str, Any], person: dict[str, Any], **body: Any
) -> Any:
    return await client.post(
        f"/api/v1/sessions/{setup['session']['id']}/votes",
        json={"person_id": person["id"], "agenda_item": ITEM, **body},
        headers=headers,
    )


async def test_a_split_panel_concludes_by_majority_and_keeps_the_dissent(
    client: Any, coordinator: dict[str, str]
) -> None:
    setup = await hearing(client, coordinator, "PV-1")
    wang, li, zhang = setup["officers"]
    for officer, view in ((wang, "supported"), (li, "supported"), (zhang, "not_supported")):
        response = await vote(client, coordinator, setup, officer, view=view, opinion=f"{view}!")
        assert response.status_code == 201, response.text
        assert response.json()["view"] == view
    conclusion = await get_json(
        client, f"/api/v1/sessions/{setup['session']['id']}/conclusion", coordinator
    )
    first, second = conclusion["items"]
    assert first["agenda_item"] == ITEM
    assert first["result"] == "supported"
    assert first["counts"] == {
        "supported": 2,
        "partly_supported": 0,
        "not_supported": 1,
        "abstain": 0,
    }
    assert first["dissents"] == [
        {"person_id": zhang["id"], "view": "not_supported", "opinion": "not_supported!"}
    ]
    assert (second["result"], second["panel_size"], len(second["not_voted"])) == (
        "no_majority",
        3,
        3,
    )


async def test_abstentions_are_explicit_and_leave_no_majority(
    client: Any, coordinator: dict[str, str]
) -> None:
    setup = await hearing(client, coordinator, "PV-2")
    wang, li, zhang = setup["officers"]
    for officer, view in ((wang, "supported"), (li, "abstain"), (zhang, "abstain")):
        assert (await vote(client, coordinator, setup, officer, view=view)).status_code == 201
    path = f"/api/v1/sessions/{setup['session']['id']}/conclusion"
    first = (await get_json(client, path, coordinator))["items"][0]
    assert (first["result"], first["counts"]["abstain"], first["dissents"]) == (
        "no_majority",
        2,
        [{"person_id": wang["id"], "view": "supported", "opinion": None}],
    )


async def test_a_vote_posted_again_replaces_it_in_the_record(
    client: Any, coordinator: dict[str, str]
) -> None:
    setup = await hearing(client, coordinator, "PV-3")
    officer = setup["officers"][0]
    await vote(client, coordinator, setup, officer, view="supported")
    await vote(client, coordinator, setup, officer, view="partly_supported", opinion="部分")
    record = await get_json(
        client, f"/api/v1/sessions/{setup['session']['id']}/record", coordinator
    )
    assert [(v["person_id"], v["view"]) for v in record["votes"]] == [
        (officer["id"], "partly_supported")
    ]
    assert record["conclusion"]["items"][0]["counts"]["partly_supported"] == 1
    assert "positions" in record and "attendance" in record


async def test_the_presiding_officer_does_not_vote(
    client: Any, coordinator: dict[str, str]
) -> None:
    setup = await hearing(client, coordinator, "PV-4")
    response = await vote(client, coordinator, setup, setup["presiding"], view="supported")
    assert_problem(response, 422, "not_a_hearing_officer", "person_id")


async def test_a_vote_on_an_item_off_the_agenda_is_refused(
    client: Any, coordinator: dict[str, str]
) -> None:
    setup = await hearing(client, coordinator, "PV-5")
    response = await vote(
        client, coordinator, setup, setup["officers"][0], view="supported", agenda_item="其他"
    )
    assert_problem(response, 422, "unknown_agenda_item", "agenda_item")


async def test_an_unknown_view_is_a_bad_request(client: Any, coordinator: dict[str, str]) -> None:
    setup = await hearing(client, coordinator, "PV-6")
    response = await vote(client, coordinator, setup, setup["officers"][0], view="maybe")
    assert response.status_code == 400, response.text


async def test_participants_read_the_conclusion_of_their_session_others_get_404(
    client: Any, coordinator: dict[str, str]
) -> None:
    setup = await hearing(client, coordinator, "PV-7")
    path = f"/api/v1/sessions/{setup['session']['id']}/conclusion"
    petitioner = await participant_login(client, setup["petitioner"])
    assert len((await get_json(client, path, petitioner))["items"]) == 2
    stranger = await participant_login(
        client, await create_person(client, coordinator, "路人", "passer.by@example.cn")
    )
    assert_problem(await client.get(path, headers=stranger), 404, "session_not_found", "id")
    assert (await client.get(path)).status_code == 401


async def test_only_staff_record_votes(client: Any, coordinator: dict[str, str]) -> None:
    setup = await hearing(client, coordinator, "PV-8")
    officer = setup["officers"][0]
    own = await participant_login(client, officer)
    response = await vote(client, own, setup, officer, view="supported")
    assert_problem(response, 403, "role_not_allowed")
    assert (await vote(client, {}, setup, officer, view="supported")).status_code == 401


async def test_a_session_that_is_not_booked_takes_no_votes(
    client: Any, coordinator: dict[str, str]
) -> None:
    setup = await hearing(client, coordinator, "PV-9")
    await post_ok(
        client,
        f"/api/v1/sessions/{setup['session']['id']}/cancel",
        coordinator,
        {"reason": "x"},
        200,
    )
    response = await vote(client, coordinator, setup, setup["officers"][0], view="supported")
    assert response.status_code == 422, response.text
