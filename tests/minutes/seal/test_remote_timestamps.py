"""A configured timestamp authority is reached through the guarded outbound client: refused
where the outbound rules refuse (nothing sealed), used where the allow-list lets it be."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.errors import Unavailable
from minutes.archive import service as archive
from minutes.drafts import service as drafts
from minutes.seal import service as sealing
from minutes.vocabulary import MinutesStatus
from tests.support.api_builders import assert_problem, draft_minutes, get_json
from tests.support.audit import audit_rows
from tests.support.flow import post_ok
from tests.support.minutes_builders import STAFF, answer_all, booked_session, built_minutes
from tests.support.tsa_server import PATH, configured, timestamp_authority, tsa_chain_file

NOW = datetime.now(UTC)


async def test_a_tsa_on_loopback_not_allow_listed_is_refused_and_nothing_is_sealed(
    db, tmp_path
) -> None:
    minutes = await answer_all(await built_minutes(await booked_session("ts1"), NOW), NOW)
    with (
        timestamp_authority() as tsa,
        configured(
            CONCORD_TSA_URL=tsa.url(PATH),
            CONCORD_TSA_CERTIFICATES=tsa_chain_file(tmp_path),
            CONCORD_OUTBOUND_ALLOW="",
        ),
    ):
        with pytest.raises(Unavailable) as refused:
            await sealing.seal_minutes(STAFF, minutes.id, NOW)
        assert tsa.requests == [], "the refused TSA was never contacted"
    assert refused.value.code == "timestamp_authority_unavailable"
    assert "127.0.0.1 is not a public address" in refused.value.message
    assert "CONCORD_OUTBOUND_ALLOW" in refused.value.message
    unsealed = await drafts.get_minutes(STAFF, minutes.id)
    assert (unsealed.status, unsealed.sealed_sha256) == (MinutesStatus.SIGNING, None)
    assert await audit_rows("minutes.sealed") == []


async def test_an_allow_listed_tsa_on_loopback_timestamps_the_seal(db, tmp_path) -> None:
    minutes = await answer_all(await built_minutes(await booked_session("ts2"), NOW), NOW)
    with (
        timestamp_authority() as tsa,
        configured(
            CONCORD_TSA_URL=tsa.url(PATH),
            CONCORD_TSA_CERTIFICATES=tsa_chain_file(tmp_path),
            CONCORD_OUTBOUND_ALLOW="127.0.0.1",
        ),
    ):
        sealed = await sealing.seal_minutes(STAFF, minutes.id, NOW)
        pdf, _ = await drafts.minutes_pdf(STAFF, sealed.id)
        verification = await archive.verify_pdf(pdf)
    assert sealed.status == MinutesStatus.SEALED
    assert verification.intact, verification.problems
    assert verification.seal.timestamp_valid
    # The signature timestamp and the document timestamp (PAdES B-LTA), at least.
    assert len([path for path, _ in tsa.requests if path == PATH]) >= 2


async def test_over_http_a_refused_tsa_is_a_503_problem_and_the_minutes_stay_unsealed(
    client, coordinator, tmp_path
) -> None:
    setup = await draft_minutes(client, coordinator, "TS-3")
    minutes = setup["minutes"]
    for key in ("petitioner", "department", "mediator"):
        body = {
            "person_id": setup[key]["id"],
            "decision": "sign",
            "version_sha256": minutes["version_sha256"],
        }
        await post_ok(client, f"/api/v1/minutes/{minutes['id']}/signatures", coordinator, body)
    with (
        timestamp_authority() as tsa,
        configured(
            CONCORD_TSA_URL=tsa.url(PATH), CONCORD_TSA_CERTIFICATES=tsa_chain_file(tmp_path)
        ),
    ):
        response = await client.post(f"/api/v1/minutes/{minutes['id']}/seal", headers=coordinator)
    assert_problem(response, 503, "timestamp_authority_unavailable")
    assert "is not a public address" in response.json()["detail"]
    after = await get_json(client, f"/api/v1/minutes/{minutes['id']}", coordinator)
    assert after["status"] == "signing" and after["sealed_sha256"] is None
