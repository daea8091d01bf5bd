"""Who may read, download and sign which minutes, over HTTP: ids of others' minutes leak nothing."""

from __future__ import annotations

from typing import Any

from core.access import Role
from parties.accounts import service as accounts
from tests.conftest import PASSWORD, login
from tests.support.api_builders import assert_problem, booked_mediation, participant_login
from tests.support.flow import next_weekday_at, post_ok


async def minuted(client: Any, headers: dict[str, str], reference: str) -> dict[str, Any]:
    """A booked mediation of its own (people, room, case) with draft minutes."""
    setup = await booked_mediation(client, headers, reference, next_weekday_at(9))
    setup["minutes"] = await post_ok(
        client, f"/api/v1/sessions/{setup['session']['id']}/minutes", headers, None
    )
    return setup


async def seal(client: Any, headers: dict[str, str], setup: dict[str, Any]) -> dict[str, Any]:
    minutes = setup["minutes"]
    for key in ("petitioner", "department", "mediator"):
        await post_ok(
            client,
            f"/api/v1/minutes/{minutes['id']}/signatures",
            headers,
            {
                "person_id": setup[key]["id"],
                "decision": "sign",
                "version_sha256": minutes["version_sha256"],
            },
        )
    sealed: dict[str, Any] = await post_ok(
        client, f"/api/v1/minutes/{minutes['id']}/seal", headers, None, status=200
    )
    return sealed


async def archivist_login(client: Any) -> dict[str, str]:
    await accounts.create_account("archivist@test.example", PASSWORD, Role.ARCHIVIST)
    return await login(client, "archivist@test.example")


async def test_a_participant_of_session_a_gets_404_for_the_minutes_and_pdf_of_b(
    client, coordinator
) -> None:
    a = await minuted(client, coordinator, "XF-A")
    b = await minuted(client, coordinator, "XF-B")
    mine = await participant_login(client, a["petitioner"])

    own = await client.get(f"/api/v1/minutes/{a['minutes']['id']}", headers=mine)
    assert own.status_code == 200, own.text
    assert own.json()["id"] == a["minutes"]["id"]
    own_pdf = await client.get(f"/api/v1/minutes/{a['minutes']['id']}/pdf", headers=mine)
    assert own_pdf.status_code == 200
    for path in (
        f"/api/v1/minutes/{b['minutes']['id']}",
        f"/api/v1/minutes/{b['minutes']['id']}/pdf",
    ):
        assert_problem(await client.get(path, headers=mine), 404, "minutes_not_found", "id")


async def test_staff_get_200_for_every_session_s_minutes_and_pdf(client, coordinator) -> None:
    for reference in ("XF-C", "XF-D"):
        minutes_id = (await minuted(client, coordinator, reference))["minutes"]["id"]
        response = await client.get(f"/api/v1/minutes/{minutes_id}", headers=coordinator)
        assert response.status_code == 200, response.text
        pdf = await client.get(f"/api/v1/minutes/{minutes_id}/pdf", headers=coordinator)
        assert pdf.status_code == 200
        assert pdf.headers["x-content-sha256"] == response.json()["version_sha256"]


async def test_an_archivist_gets_404_for_a_draft_and_200_for_sealed_minutes(
    client, coordinator
) -> None:
    draft = await minuted(client, coordinator, "XF-E")
    sealed = await seal(client, coordinator, await minuted(client, coordinator, "XF-F"))
    archivist = await archivist_login(client)

    draft_path = f"/api/v1/minutes/{draft['minutes']['id']}"
    for path in (draft_path, f"{draft_path}/pdf"):
        assert_problem(await client.get(path, headers=archivist), 404, "minutes_not_found", "id")
    response = await client.get(f"/api/v1/minutes/{sealed['id']}", headers=archivist)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "sealed"
    pdf = await client.get(f"/api/v1/minutes/{sealed['id']}/pdf", headers=archivist)
    assert pdf.status_code == 200
    assert pdf.headers["x-content-sha256"] == sealed["sealed_sha256"]


async def test_a_participant_signs_their_own_minutes_but_not_another_session_s(
    client, coordinator
) -> None:
    a = await minuted(client, coordinator, "XF-G")
    b = await minuted(client, coordinator, "XF-H")
    mine = await participant_login(client, a["petitioner"])
    me = a["petitioner"]["id"]

    signed = await post_ok(
        client,
        f"/api/v1/minutes/{a['minutes']['id']}/signatures",
        mine,
        {"person_id": me, "decision": "sign", "version_sha256": a["minutes"]["version_sha256"]},
    )
    assert [s["person_id"] for s in signed["signatures"]] == [me]
    assert me not in signed["pending_signers"]
    response = await client.post(
        f"/api/v1/minutes/{b['minutes']['id']}/signatures",
        json={
            "person_id": me,
            "decision": "sign",
            "version_sha256": b["minutes"]["version_sha256"],
        },
        headers=mine,
    )
    assert_problem(response, 404, "minutes_not_found", "id")


async def test_participants_may_not_build_minutes_and_verify_like_anyone_else(
    client, coordinator
) -> None:
    setup = await minuted(client, coordinator, "XF-I")
    mine = await participant_login(client, setup["petitioner"])
    response = await client.post(f"/api/v1/sessions/{setup['session']['id']}/minutes", headers=mine)
    assert_problem(response, 403, "role_not_allowed")
    # Verification is public; a participant's token neither helps nor hurts.
    response = await client.post(
        "/api/v1/archive/verify",
        files={"file": ("minutes.pdf", b"%PDF-1.7", "application/pdf")},
        headers=mine,
    )
    assert response.status_code == 200, response.text
    assert response.json()["intact"] is False
    current = await client.get(f"/api/v1/minutes/{setup['minutes']['id']}", headers=mine)
    assert current.json()["version"] == 1
