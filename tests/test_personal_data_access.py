"""Who reads what of people, sessions and their records: each role against each read.

Full personal data for coordinators, admins and the person; masked for a participant of the
same session; 404 for a participant of another session and for archivists (who read sealed
minutes only, even of a session their own person sat in).
"""

from __future__ import annotations

from typing import Any

import pytest

from core.access import Role
from parties.accounts import service as accounts
from tests.conftest import PASSWORD, login
from tests.support.api_builders import (
    assert_problem,
    booked_mediation,
    participant_login,
)

PERSONAL = {
    "phone": "13812345678",
    "id_number": "11010519491231002X",
    "address": "北京市西城区金融大街7号",
}
MASKED = {
    "phone": "138****5678",
    "id_number": "110105********002X",
    "address": "北京市西城区****",
}
SESSION_READS = ("", "/record", "/procedure")


@pytest.fixture
async def world(client: Any, coordinator: dict[str, str]) -> dict[str, Any]:
    """Two booked mediations, the first petitioner with personal data, and a login per role."""
    ours = await booked_mediation(client, coordinator, "ACL-1")
    theirs = await booked_mediation(client, coordinator, "ACL-2")
    petitioner = ours["petitioner"]
    response = await client.patch(
        f"/api/v1/people/{petitioner['id']}", json=PERSONAL, headers=coordinator
    )
    assert response.status_code == 200, response.text
    await accounts.create_account("admin@test.example", PASSWORD, Role.ADMIN)
    await accounts.create_account("archivist@test.example", PASSWORD, Role.ARCHIVIST)
    # An archivist whose own person sits in the session: the role, not the person, decides.
    await accounts.create_account(
        "sitting.archivist@example.cn", PASSWORD, Role.ARCHIVIST, ours["department"]["id"]
    )
    return {
        "ours": ours,
        "theirs": theirs,
        "petitioner": {**petitioner, **PERSONAL},
        "logins": {
            "coordinator": coordinator,
            "admin": await login(client, "admin@test.example"),
            "archivist": await login(client, "archivist@test.example"),
            "sitting archivist": await login(client, "sitting.archivist@example.cn"),
            "the person": await participant_login(client, petitioner),
            "same session": await participant_login(client, ours["mediator"]),
            "other session": await participant_login(client, theirs["petitioner"]),
        },
    }


def contact_of(person: dict[str, Any]) -> dict[str, Any]:
    return {key: person[key] for key in ("email", *PERSONAL)}


@pytest.mark.parametrize("role", ["coordinator", "admin", "the person"])
async def test_staff_and_the_person_read_the_personal_data_in_full(
    client: Any, world: dict[str, Any], role: str
) -> None:
    petitioner = world["petitioner"]
    response = await client.get(f"/api/v1/people/{petitioner['id']}", headers=world["logins"][role])
    assert response.status_code == 200, response.text
    assert contact_of(response.json()) == contact_of(petitioner)
    assert response.json()["calendar_feed_url"] == petitioner["calendar_feed_url"]


async def test_a_participant_of_the_same_session_reads_it_masked(
    client: Any, world: dict[str, Any]
) -> None:
    petitioner = world["petitioner"]
    response = await client.get(
        f"/api/v1/people/{petitioner['id']}", headers=world["logins"]["same session"]
    )
    assert response.status_code == 200, response.text
    shown = response.json()
    assert shown["name"] == petitioner["name"]
    assert contact_of(shown) == {"email": "z***@example.cn", **MASKED}
    assert shown["calendar_feed_url"] is None


@pytest.mark.parametrize("role", ["other session", "archivist", "sitting archivist"])
async def test_everyone_else_finds_no_such_person(
    client: Any, world: dict[str, Any], role: str
) -> None:
    response = await client.get(
        f"/api/v1/people/{world['petitioner']['id']}", headers=world["logins"][role]
    )
    assert_problem(response, 404, "person_not_found", "id")


@pytest.mark.parametrize(
    "role", ["archivist", "sitting archivist", "the person", "same session", "other session"]
)
async def test_only_staff_list_people(client: Any, world: dict[str, Any], role: str) -> None:
    response = await client.get("/api/v1/people", headers=world["logins"][role])
    assert_problem(response, 403, "role_not_allowed")


@pytest.mark.parametrize("role", ["coordinator", "admin"])
async def test_staff_list_people_in_full(client: Any, world: dict[str, Any], role: str) -> None:
    wanted = {"email": world["petitioner"]["email"]}
    response = await client.get("/api/v1/people", params=wanted, headers=world["logins"][role])
    assert response.status_code == 200, response.text
    [listed] = response.json()["items"]
    assert contact_of(listed) == contact_of(world["petitioner"])


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("coordinator", True),
        ("admin", True),
        ("the person", True),
        ("same session", True),
        ("other session", False),
        ("archivist", False),
        ("sitting archivist", False),
    ],
)
async def test_the_session_and_its_record_are_read_by_staff_and_its_participants_only(
    client: Any, world: dict[str, Any], role: str, sees: bool
) -> None:
    headers = world["logins"][role]
    session_id = world["ours"]["session"]["id"]
    for read in SESSION_READS:
        response = await client.get(f"/api/v1/sessions/{session_id}{read}", headers=headers)
        if sees:
            assert response.status_code == 200, (read, response.text)
            # Sessions and records name people by id only: no contact data rides along.
            for value in (*PERSONAL.values(), world["petitioner"]["email"]):
                assert value not in response.text
        else:
            assert_problem(response, 404, "session_not_found", "id")
    listed = await client.get("/api/v1/sessions", headers=headers)
    assert listed.status_code == 200
    ids = {session["id"] for session in listed.json()["items"]}
    assert (session_id in ids) is sees
