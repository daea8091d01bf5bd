"""GET /api/v1/minutes/{id}/bag: the BagIt zip of sealed minutes, for staff and archivists."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import bagit

from core.access import Role
from core.settings import get_settings
from minutes.archive.pdf_inspection import embedded_record
from minutes.document import sha256_hex
from parties.accounts import service as accounts
from parties.people import service as parties
from tests.conftest import PASSWORD, login
from tests.support.api_builders import assert_problem
from tests.support.minutes_builders import booked_session, built_minutes, sealed_minutes

NOW = datetime.now(UTC)


async def _login_as(client: Any, role: Role, email: str, person_id: Any = None) -> dict[str, str]:
    await accounts.create_account(email, PASSWORD, role, person_id)
    return await login(client, email)


def _unzipped(content: bytes, into: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        (top,) = {name.split("/", 1)[0] for name in archive.namelist()}
        archive.extractall(into)
    return into / top


async def test_the_bag_of_sealed_minutes_is_a_valid_bag_of_the_sealed_pdf_record_and_audit(
    client, coordinator, tmp_path
) -> None:
    session = await booked_session("bag1")
    sealed = await sealed_minutes(session, NOW)

    response = await client.get(f"/api/v1/minutes/{sealed.id}/bag", headers=coordinator)

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    directory = _unzipped(response.content, tmp_path)
    assert directory.name == str(sealed.id)
    bag = bagit.Bag(str(directory))
    bag.validate()
    pdf = (directory / "data" / "minutes.pdf").read_bytes()
    assert sha256_hex(pdf) == sealed.sealed_sha256
    record = (directory / "data" / "record.json").read_bytes()
    assert json.loads(record) == embedded_record(pdf)
    assert (
        record
        == json.dumps(
            json.loads(record), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        ).encode()
    )
    assert bag.info["External-Identifier"] == str(sealed.id)
    assert bag.info["Sealed-SHA256"] == sealed.sealed_sha256
    assert bag.info["Source-Organization"] == "Concord Petition Office"
    local_today = datetime.now(ZoneInfo(get_settings().jurisdiction_timezone)).date()
    assert bag.info["Bagging-Date"] == local_today.isoformat()


async def test_the_audit_trail_holds_the_minutes_and_session_events_oldest_first(
    client, coordinator, tmp_path
) -> None:
    session = await booked_session("bag2")
    sealed = await sealed_minutes(session, NOW)
    other = await booked_session("bag2-other")
    await built_minutes(other, NOW)

    response = await client.get(f"/api/v1/minutes/{sealed.id}/bag", headers=coordinator)

    lines = (_unzipped(response.content, tmp_path) / "data" / "audit.jsonl").read_text()
    events = [json.loads(line) for line in lines.splitlines()]
    assert [event["seq"] for event in events] == sorted(event["seq"] for event in events)
    assert {(e["entity"], e["entity_id"]) for e in events} == {
        ("minutes", str(sealed.id)),
        ("session", str(session.session_id)),
    }
    assert [event["action"] for event in events] == [
        "session.created",
        "session.booked",
        "minutes.built",
        *["minutes.signed"] * len(session.signers),
        "session.frozen",
        "minutes.sealed",
    ]
    assert events[-1]["data"]["sealed_sha256"] == sealed.sealed_sha256
    assert [datetime.fromisoformat(e["at"]) for e in events] == sorted(
        datetime.fromisoformat(e["at"]) for e in events
    )


async def test_draft_minutes_have_no_bag(client, coordinator) -> None:
    draft = await built_minutes(await booked_session("bag3"), NOW)

    response = await client.get(f"/api/v1/minutes/{draft.id}/bag", headers=coordinator)

    assert_problem(response, 409, "minutes_not_sealed", "id")


async def test_archivists_get_sealed_bags_and_nothing_of_drafts(client, coordinator) -> None:
    sealed = await sealed_minutes(await booked_session("bag4"), NOW)
    draft = await built_minutes(await booked_session("bag5"), NOW)
    archivist = await _login_as(client, Role.ARCHIVIST, "archivist@test.example")

    allowed = await client.get(f"/api/v1/minutes/{sealed.id}/bag", headers=archivist)
    assert allowed.status_code == 200, allowed.text
    hidden = await client.get(f"/api/v1/minutes/{draft.id}/bag", headers=archivist)
    assert_problem(hidden, 404, "minutes_not_found", "id")


async def test_a_participant_is_refused_their_own_bag_and_told_nothing_of_others(
    client, coordinator
) -> None:
    mine = await booked_session("bag6")
    theirs = await booked_session("bag7")
    own = await sealed_minutes(mine, NOW)
    other = await sealed_minutes(theirs, NOW)
    person = await parties.get_person(mine.signers[0])
    headers = await _login_as(client, Role.PARTICIPANT, person.email, person.id)

    refused = await client.get(f"/api/v1/minutes/{own.id}/bag", headers=headers)
    assert_problem(refused, 403, "role_not_allowed")
    hidden = await client.get(f"/api/v1/minutes/{other.id}/bag", headers=headers)
    assert_problem(hidden, 404, "minutes_not_found", "id")
