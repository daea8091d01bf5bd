"""GET /api/v1/archive/minutes: the search of sealed minutes, for archivists and staff."""

from __future__ import annotations

from typing import Any

from core.access import Role
from parties.accounts import service as accounts
from tests.conftest import PASSWORD, login
from tests.support.api_builders import assert_problem
from tests.support.archive_world import sealed_mediation

SEARCH = "/api/v1/archive/minutes"


async def _headers(client: Any, role: Role, email: str, person_id: Any = None) -> dict[str, str]:
    await accounts.create_account(email, PASSWORD, role, person_id)
    return await login(client, email)


async def test_the_archivist_searches_by_case_and_gets_the_download_links(client: Any) -> None:
    land = await sealed_mediation("API1", "征地补偿", "征地补偿调解", days_ahead=10)
    await sealed_mediation("API2", "拖欠工资", "工资争议调解", days_ahead=20)
    archivist = await _headers(client, Role.ARCHIVIST, "a@test.example")
    response = await client.get(SEARCH, params={"case": "征地"}, headers=archivist)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["total"], body["limit"], body["offset"]) == (1, 50, 0)
    (entry,) = body["items"]
    assert entry["id"] == str(land.minutes.id)
    assert entry["document_number"] == land.minutes.document_number
    assert entry["sealed_sha256"] == land.minutes.sealed_sha256
    assert entry["pdf_url"] == f"/api/v1/minutes/{land.minutes.id}/pdf"
    pdf = await client.get(entry["pdf_url"], headers=archivist)
    assert pdf.headers["x-content-sha256"] == land.minutes.sealed_sha256
    everything = (await client.get(SEARCH, params={"limit": 1}, headers=archivist)).json()
    assert everything["total"] == 2 and len(everything["items"]) == 1


async def test_a_reversed_range_is_a_problem_naming_held_to(client: Any) -> None:
    archivist = await _headers(client, Role.ARCHIVIST, "a@test.example")
    response = await client.get(
        SEARCH, params={"held_from": "2030-01-02", "held_to": "2030-01-01"}, headers=archivist
    )
    assert_problem(response, 422, "date_range_reversed", "held_to")


async def test_a_participant_is_refused(client: Any) -> None:
    land = await sealed_mediation("API3", "征地补偿", "征地补偿调解")
    member = await _headers(client, Role.PARTICIPANT, "p@test.example", land.session.signers[0])
    response = await client.get(SEARCH, headers=member)
    assert_problem(response, 403, "role_not_allowed")
    assert str(land.minutes.id) not in response.text


async def test_a_search_text_with_a_control_character_is_refused_naming_it(client: Any) -> None:
    archivist = await _headers(client, Role.ARCHIVIST, "a@test.example")
    for name in ("document_number", "case", "session_title"):
        response = await client.get(SEARCH, params={name: "a\x00b"}, headers=archivist)
        assert response.status_code == 400, (name, response.text)
        assert name in response.text
