"""Versions of the minutes over HTTP: the list, each version's PDF, the diff, and the session's
current minutes; who may read which (404 for everyone else)."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from core.access import Role
from parties.accounts import service as accounts
from tests.conftest import PASSWORD, login
from tests.support.api_builders import (
    assert_problem,
    booked_mediation,
    draft_minutes,
    get_json,
    open_records_days_ahead,
    participant_login,
)
from tests.support.flow import post_ok

ITEM = "补偿标准"


async def under_way(client: Any, h: dict[str, str], setup: dict[str, Any]) -> None:
    """Open the record and let both parties consent, so that positions may be recorded."""
    session_id = setup["session"]["id"]
    await open_records_days_ahead(30)
    for party in (setup["petitioner"], setup["department"]):
        body = {"person_id": party["id"], "consent": True}
        await post_ok(client, f"/api/v1/sessions/{session_id}/consent", h, body)
    await post_ok(
        client, f"/api/v1/sessions/{session_id}/procedure/advance", h, {"step": "consent"}, 200
    )


async def position_and_rebuild(
    client: Any, h: dict[str, str], setup: dict[str, Any], statement: str
) -> dict[str, Any]:
    session_id = setup["session"]["id"]
    body = {"person_id": setup["petitioner"]["id"], "agenda_item": ITEM, "statement": statement}
    await post_ok(client, f"/api/v1/sessions/{session_id}/positions", h, body)
    rebuilt: dict[str, Any] = await post_ok(
        client, f"/api/v1/sessions/{session_id}/minutes", h, None
    )
    return rebuilt


async def seal(client: Any, h: dict[str, str], setup: dict[str, Any]) -> None:
    minutes = setup["minutes"]
    for key in ("petitioner", "department", "mediator"):
        body = {
            "person_id": setup[key]["id"],
            "decision": "sign",
            "version_sha256": minutes["version_sha256"],
        }
        await post_ok(client, f"/api/v1/minutes/{minutes['id']}/signatures", h, body)
    await post_ok(client, f"/api/v1/minutes/{minutes['id']}/seal", h, None, 200)


async def test_an_amended_position_shows_in_the_versions_their_pdfs_and_the_diff(
    client, coordinator
) -> None:
    setup = await draft_minutes(client, coordinator, "VA-1")
    minutes_id = setup["minutes"]["id"]
    await under_way(client, coordinator, setup)
    second = await position_and_rebuild(client, coordinator, setup, "补偿标准过低")
    third = await position_and_rebuild(client, coordinator, setup, "补偿标准明显低于市场价")

    listed = await get_json(client, f"/api/v1/minutes/{minutes_id}/versions", coordinator)
    assert [(v["version"], v["status"]) for v in listed["items"]] == [
        (1, "superseded"),
        (2, "superseded"),
        (3, "draft"),
    ]
    assert [v["version_sha256"] for v in listed["items"][1:]] == [
        second["version_sha256"],
        third["version_sha256"],
    ]
    pdf = await client.get(f"/api/v1/minutes/{minutes_id}/versions/2/pdf", headers=coordinator)
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["x-content-sha256"] == second["version_sha256"]

    diff = f"/api/v1/minutes/{minutes_id}/diff"
    added = await get_json(client, diff, coordinator, **{"from": 1, "to": 2})
    [position] = [c for c in added["changes"] if c["path"].startswith("positions")]
    assert position["path"] == "positions[0]"
    assert (position["before"], position["after"]["statement"]) == (None, "补偿标准过低")
    amended = await get_json(client, diff, coordinator, **{"from": 2, "to": 3})
    assert {
        "path": "positions[0].statement",
        "before": "补偿标准过低",
        "after": "补偿标准明显低于市场价",
    } in amended["changes"]
    assert await get_json(client, diff, coordinator, **{"from": 3, "to": 3}) == {"changes": []}


async def test_unknown_versions_are_404_and_bad_query_values_422_naming_the_parameter(
    client, coordinator
) -> None:
    minutes_id = (await draft_minutes(client, coordinator, "VA-2"))["minutes"]["id"]
    response = await client.get(f"/api/v1/minutes/{minutes_id}/versions/2/pdf", headers=coordinator)
    assert_problem(response, 404, "version_not_found", "version")
    diff = f"/api/v1/minutes/{minutes_id}/diff"
    response = await client.get(diff, params={"from": 1, "to": 4}, headers=coordinator)
    assert_problem(response, 404, "version_not_found", "to")
    for params, code, field in (
        ({"from": "x", "to": 1}, "invalid_version_number", "from"),
        ({"from": 1, "to": "0"}, "invalid_version_number", "to"),
        ({"from": 1}, "version_required", "to"),
        ({"to": 1}, "version_required", "from"),
    ):
        response = await client.get(diff, params=params, headers=coordinator)
        assert_problem(response, 422, code, field)


async def test_the_session_s_minutes_are_its_current_minutes_once_built(
    client, coordinator
) -> None:
    setup = await draft_minutes(client, coordinator, "VA-3")
    path = f"/api/v1/sessions/{setup['session']['id']}/minutes"
    current = await get_json(client, path, coordinator)
    assert current == await get_json(
        client, f"/api/v1/minutes/{setup['minutes']['id']}", coordinator
    )
    assert current["version"] == 1
    mine = await participant_login(client, setup["mediator"])
    assert (await get_json(client, path, mine))["id"] == setup["minutes"]["id"]

    unbuilt = await booked_mediation(client, coordinator, "VA-4")
    for session_id in (unbuilt["session"]["id"], str(uuid4())):
        response = await client.get(f"/api/v1/sessions/{session_id}/minutes", headers=coordinator)
        assert_problem(response, 404, "minutes_not_found", "id")


async def test_a_participant_of_another_session_gets_404_from_every_versions_endpoint(
    client, coordinator
) -> None:
    mine = await draft_minutes(client, coordinator, "VA-6")
    theirs = await draft_minutes(client, coordinator, "VA-7")
    me = await participant_login(client, mine["petitioner"])
    for setup, status in ((mine, 200), (theirs, 404)):
        minutes_id = setup["minutes"]["id"]
        for path in (
            f"/api/v1/sessions/{setup['session']['id']}/minutes",
            f"/api/v1/minutes/{minutes_id}/versions",
            f"/api/v1/minutes/{minutes_id}/versions/1/pdf",
            f"/api/v1/minutes/{minutes_id}/diff?from=1&to=1",
        ):
            response = await client.get(path, headers=me)
            if status == 200:
                assert response.status_code == 200, (path, response.text)
            else:
                assert_problem(response, 404, "minutes_not_found", "id")


async def test_an_archivist_reads_the_versions_of_sealed_minutes_only(client, coordinator) -> None:
    draft = await draft_minutes(client, coordinator, "VA-8")
    sealed = await draft_minutes(client, coordinator, "VA-9")
    await seal(client, coordinator, sealed)
    await accounts.create_account("archivist@test.example", PASSWORD, Role.ARCHIVIST)
    archivist = await login(client, "archivist@test.example")

    for path in ("versions", "versions/1/pdf", "diff?from=1&to=1"):
        response = await client.get(
            f"/api/v1/minutes/{draft['minutes']['id']}/{path}", headers=archivist
        )
        assert_problem(response, 404, "minutes_not_found", "id")
    listed = await get_json(
        client, f"/api/v1/minutes/{sealed['minutes']['id']}/versions", archivist
    )
    assert [(v["version"], v["status"]) for v in listed["items"]] == [(1, "sealed")]
    pdf = await client.get(
        f"/api/v1/minutes/{sealed['minutes']['id']}/versions/1/pdf", headers=archivist
    )
    assert pdf.headers["x-content-sha256"] == sealed["minutes"]["version_sha256"]


async def test_an_archivist_reads_only_the_sealed_version_never_a_superseded_draft(
    client, coordinator
) -> None:
    setup = await draft_minutes(client, coordinator, "VA-10")
    minutes_id = setup["minutes"]["id"]
    await under_way(client, coordinator, setup)
    setup["minutes"] = await position_and_rebuild(client, coordinator, setup, "补偿标准过低")
    await seal(client, coordinator, setup)
    await accounts.create_account("archivist@test.example", PASSWORD, Role.ARCHIVIST)
    archivist = await login(client, "archivist@test.example")

    listed = await get_json(client, f"/api/v1/minutes/{minutes_id}/versions", archivist)
    assert [(v["version"], v["status"]) for v in listed["items"]] == [(2, "sealed")]
    for path, field in (("versions/1/pdf", "version"), ("diff?from=1&to=2", "from")):
        response = await client.get(f"/api/v1/minutes/{minutes_id}/{path}", headers=archivist)
        assert_problem(response, 404, "version_not_found", field)
    sealed = await client.get(f"/api/v1/minutes/{minutes_id}/versions/2/pdf", headers=archivist)
    assert sealed.headers["x-content-sha256"] == setup["minutes"]["version_sha256"]
    # Staff still read every version.
    staff = await get_json(client, f"/api/v1/minutes/{minutes_id}/versions", coordinator)
    assert [v["version"] for v in staff["items"]] == [1, 2]
    draft = await client.get(f"/api/v1/minutes/{minutes_id}/versions/1/pdf", headers=coordinator)
    assert draft.status_code == 200


async def test_a_version_number_past_any_version_is_400_naming_it_not_a_database_overflow(
    client, coordinator
) -> None:
    minutes_id = (await draft_minutes(client, coordinator, "VA-9"))["minutes"]["id"]
    for number in ("4976181923095434807417503744", "9223372036854775808", "0"):
        response = await client.get(
            f"/api/v1/minutes/{minutes_id}/versions/{number}/pdf", headers=coordinator
        )
        assert_problem(response, 400, "invalid_request", "number")
