"""Building and sealing minutes off the request path: ``Prefer: respond-async`` gets 202 and a
job to poll; without it the endpoints answer as they always did."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from core.access import Role
from parties.accounts import service as accounts
from tests.conftest import PASSWORD, login
from tests.support.audit import audit_rows
from tests.support.job_workers import jobs_running, settled_job
from tests.support.minutes_builders import answer_all, booked_session, built_minutes

ASYNC = {"Prefer": "respond-async"}


async def _accepted(client: Any, path: str, headers: dict[str, str]) -> str:
    response = await client.post(path, headers={**headers, **ASYNC})
    assert response.status_code == 202, response.text
    assert response.headers["Preference-Applied"] == "respond-async"
    job = response.json()
    assert job["status"] in ("queued", "running", "succeeded")
    location: str = response.headers["Location"]
    assert location == f"/api/v1/jobs/{job['id']}"
    return location


async def test_building_minutes_in_the_background_links_the_minutes_built(
    client, coordinator
) -> None:
    session = await booked_session("BG-1")
    async with jobs_running():
        location = await _accepted(
            client, f"/api/v1/sessions/{session.session_id}/minutes", coordinator
        )
        job = await settled_job(client, location, coordinator)
    assert job["status"] == "succeeded", job
    assert job["kind"] == "minutes.build"
    minutes = (await client.get(job["result_url"], headers=coordinator)).json()
    assert minutes["session_id"] == str(session.session_id)
    assert minutes["version"] == 1
    assert (await client.get(minutes["pdf_url"], headers=coordinator)).status_code == 200


async def test_sealing_in_the_background_seals_once_and_then_refuses_as_before(
    client, coordinator
) -> None:
    session = await booked_session("BG-2")
    now = datetime.now(UTC)
    minutes = await answer_all(await built_minutes(session, now), now)
    async with jobs_running():
        location = await _accepted(client, f"/api/v1/minutes/{minutes.id}/seal", coordinator)
        job = await settled_job(client, location, coordinator)
    assert job["status"] == "succeeded", job
    assert job["result_url"] == f"/api/v1/minutes/{minutes.id}"
    sealed = (await client.get(job["result_url"], headers=coordinator)).json()
    assert sealed["status"] == "sealed"
    assert len(await audit_rows("minutes.sealed")) == 1
    again = await client.post(f"/api/v1/minutes/{minutes.id}/seal", headers=coordinator)
    assert again.status_code == 409
    assert again.json()["code"] == "minutes_sealed"


async def test_a_job_that_breaks_a_rule_fails_with_the_problem_the_request_would_answer(
    client, coordinator
) -> None:
    minutes = await built_minutes(await booked_session("BG-3"), datetime.now(UTC))
    async with jobs_running():
        location = await _accepted(client, f"/api/v1/minutes/{minutes.id}/seal", coordinator)
        job = await settled_job(client, location, coordinator)
    assert job["status"] == "failed"
    assert job["error"]["status"] == 422
    assert job["error"]["code"] == "signatures_missing"
    assert job["attempts"] == 1
    assert await audit_rows("minutes.sealed") == []


async def test_only_the_account_that_asked_and_administrators_see_a_job(
    client, coordinator
) -> None:
    session = await booked_session("BG-4")
    async with jobs_running():
        location = await _accepted(
            client, f"/api/v1/sessions/{session.session_id}/minutes", coordinator
        )
        await settled_job(client, location, coordinator)
    await accounts.create_account("other@test.example", PASSWORD, Role.COORDINATOR)
    await accounts.create_account("admin@test.example", PASSWORD, Role.ADMIN)
    other = await client.get(location, headers=await login(client, "other@test.example"))
    assert other.status_code == 404
    admin = await client.get(location, headers=await login(client, "admin@test.example"))
    assert admin.status_code == 200


async def test_a_participant_cannot_start_what_they_may_not_do(client, coordinator) -> None:
    """The job runs with the asker's rights: a participant's seal fails as the request would."""
    session = await booked_session("BG-5")
    now = datetime.now(UTC)
    minutes = await answer_all(await built_minutes(session, now), now)
    await accounts.create_account(
        "p@test.example", PASSWORD, Role.PARTICIPANT, person_id=session.signers[0]
    )
    participant = await login(client, "p@test.example")
    async with jobs_running():
        location = await _accepted(client, f"/api/v1/minutes/{minutes.id}/seal", participant)
        job = await settled_job(client, location, participant)
    assert job["status"] == "failed"
    assert job["error"]["status"] == 403
    assert await audit_rows("minutes.sealed") == []
