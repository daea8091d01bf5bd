"""Signing with the emailed link over HTTP, without logging in: the API with the token, the
outbox a coordinator reads, and how each signer was identified."""

from __future__ import annotations

from typing import Any

from tests.support.api_builders import assert_problem, draft_minutes, get_json, participant_login
from tests.support.flow import post_ok
from tests.support.signing_mail import LINK, PAGE_PURPOSE, TOPIC, tokens_by_recipient


def signatures_path(setup: dict[str, Any]) -> str:
    return f"/api/v1/minutes/{setup['minutes']['id']}/signatures"


async def test_a_coordinator_sees_one_signing_request_per_signer_in_the_session_s_outbox(
    client, coordinator
) -> None:
    setup = await draft_minutes(client, coordinator, "SL-1")
    listed = await get_json(
        client, "/api/v1/outbox", coordinator, session_id=setup["session"]["id"]
    )
    requests = [m for m in listed["items"] if m["topic"] == "minutes.signing_request"]
    assert sorted(m["recipient"] for m in requests) == sorted(
        setup[key]["email"] for key in ("petitioner", "department", "mediator")
    )
    subjects = {m["recipient"]: m["subject"] for m in requests}
    assert subjects[setup["mediator"]["email"]].startswith("Please read and sign the minutes")
    assert subjects[setup["petitioner"]["email"]].startswith("请核对并签署笔录")


async def test_the_token_alone_signs_for_its_person_and_works_once(client, coordinator) -> None:
    setup = await draft_minutes(client, coordinator, "SL-2")
    token = (await tokens_by_recipient(setup["session"]["id"]))[setup["department"]["email"]]

    response = await client.post(
        signatures_path(setup), json={"token": token, "decision": "refuse", "reason": "有误"}
    )
    assert response.status_code == 201, response.text
    [signature] = response.json()["signatures"]
    assert signature["person_id"] == setup["department"]["id"]
    assert signature["version_sha256"] == setup["minutes"]["version_sha256"]
    assert (signature["decision"], signature["reason"]) == ("refuse", "有误")
    assert signature["identified_by"] == "signing_link"

    again = await client.post(signatures_path(setup), json={"token": token, "decision": "sign"})
    assert_problem(again, 409, "already_answered", "person_id")


async def test_a_refusal_through_the_link_needs_its_reason(client, coordinator) -> None:
    setup = await draft_minutes(client, coordinator, "SL-3")
    token = (await tokens_by_recipient(setup["session"]["id"]))[setup["petitioner"]["email"]]
    response = await client.post(
        signatures_path(setup), json={"token": token, "decision": "refuse"}
    )
    assert_problem(response, 422, "refusal_reason_required", "reason")


async def test_a_link_to_an_older_version_is_stale(client, coordinator) -> None:
    setup = await draft_minutes(client, coordinator, "SL-4")
    old = (await tokens_by_recipient(setup["session"]["id"]))[setup["mediator"]["email"]]
    rebuilt = await post_ok(
        client, f"/api/v1/sessions/{setup['session']['id']}/minutes", coordinator, None
    )
    response = await client.post(signatures_path(setup), json={"token": old, "decision": "sign"})
    assert_problem(response, 409, "stale_version", "version_sha256")
    assert response.json()["current_version_sha256"] == rebuilt["version_sha256"]


async def test_an_altered_token_a_token_for_other_minutes_and_no_token_are_401(
    client, coordinator
) -> None:
    setup = await draft_minutes(client, coordinator, "SL-5")
    other = await draft_minutes(client, coordinator, "SL-6")
    token = (await tokens_by_recipient(setup["session"]["id"]))[setup["petitioner"]["email"]]
    altered = token[:10] + ("B" if token[10] != "B" else "C") + token[11:]
    for path, body in (
        (signatures_path(setup), {"token": altered, "decision": "sign"}),
        (signatures_path(other), {"token": token, "decision": "sign"}),
    ):
        assert_problem(await client.post(path, json=body), 401, "invalid_token", "token")
    anonymous = await client.post(
        signatures_path(setup),
        json={
            "person_id": setup["petitioner"]["id"],
            "decision": "sign",
            "version_sha256": setup["minutes"]["version_sha256"],
        },
    )
    assert_problem(anonymous, 401, "unauthorized")
    current = await get_json(client, f"/api/v1/minutes/{setup['minutes']['id']}", coordinator)
    assert current["signatures"] == []


async def test_each_signature_says_whether_an_account_staff_or_the_link_identified_its_signer(
    client, coordinator
) -> None:
    setup = await draft_minutes(client, coordinator, "SL-7")
    sha256 = setup["minutes"]["version_sha256"]
    mine = await participant_login(client, setup["petitioner"])
    # Logged in, a participant answers for their own person without naming it.
    await post_ok(
        client, signatures_path(setup), mine, {"decision": "sign", "version_sha256": sha256}
    )
    await post_ok(
        client,
        signatures_path(setup),
        coordinator,
        {"person_id": setup["department"]["id"], "decision": "sign", "version_sha256": sha256},
    )
    token = (await tokens_by_recipient(setup["session"]["id"]))[setup["mediator"]["email"]]
    signed = await client.post(signatures_path(setup), json={"token": token, "decision": "sign"})
    assert signed.status_code == 201, signed.text
    assert {s["person_id"]: s["identified_by"] for s in signed.json()["signatures"]} == {
        setup["petitioner"]["id"]: "account",
        setup["department"]["id"]: "staff",
        setup["mediator"]["id"]: "signing_link",
    }


async def test_logged_in_without_a_version_is_refused_naming_it(client, coordinator) -> None:
    setup = await draft_minutes(client, coordinator, "SL-8")
    response = await client.post(
        signatures_path(setup),
        json={"person_id": setup["petitioner"]["id"], "decision": "sign"},
        headers=coordinator,
    )
    assert_problem(response, 422, "version_required", "version_sha256")
    response = await client.post(
        signatures_path(setup),
        json={"decision": "sign", "version_sha256": setup["minutes"]["version_sha256"]},
        headers=coordinator,
    )
    assert_problem(response, 422, "person_required", "person_id")


async def test_a_coordinator_reads_the_signing_email_with_its_link_and_a_participant_may_not(
    client, coordinator
) -> None:
    setup = await draft_minutes(client, coordinator, "SL-body")
    listed = await get_json(
        client, "/api/v1/outbox", coordinator, session_id=setup["session"]["id"]
    )
    to_petitioner = next(
        m
        for m in listed["items"]
        if m["recipient"] == setup["petitioner"]["email"] and m["topic"] == TOPIC
    )
    message = await get_json(client, f"/api/v1/outbox/{to_petitioner['id']}", coordinator)
    token = (await tokens_by_recipient(setup["session"]["id"]))[setup["petitioner"]["email"]]
    page = (await tokens_by_recipient(setup["session"]["id"], PAGE_PURPOSE))[
        setup["petitioner"]["email"]
    ]
    # The signing link, then the signer's own page.
    assert LINK.findall(message["text_body"]) == [token, page]
    assert message["subject"] == to_petitioner["subject"]

    petitioner = await participant_login(client, setup["petitioner"])
    refused = await client.get(f"/api/v1/outbox/{to_petitioner['id']}", headers=petitioner)
    assert refused.status_code == 403
