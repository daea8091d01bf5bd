"""Every file of the minutes handed out, and every verification, leaves an audit entry; a
refused download leaves none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.errors import NotFound
from minutes.archive import service as archive
from minutes.archive.bags import service as bags
from minutes.drafts import service as drafts
from minutes.signing import service as signing
from minutes.signing.links import SigningGrant, signing_token
from minutes.versions import service as versions
from tests.support.audit import audit_rows
from tests.support.minutes_builders import (
    ARCHIVIST,
    STAFF,
    booked_session,
    built_minutes,
    sealed_minutes,
)

NOW = datetime.now(UTC)


async def test_each_download_of_the_minutes_is_recorded_with_the_bytes_handed_out(db) -> None:
    session = await booked_session("dl1")
    draft = await built_minutes(session, NOW)
    _, draft_sha256 = await drafts.minutes_pdf(STAFF, draft.id)
    grant = SigningGrant(draft.id, session.signers[0], draft.version_sha256)
    token = signing_token(grant, NOW + timedelta(days=7))
    await signing.signing_pdf(token, NOW)
    sealed = await sealed_minutes(session, NOW)
    await drafts.minutes_pdf(ARCHIVIST, sealed.id)
    _, version_sha256 = await versions.version_pdf(STAFF, sealed.id, 1)
    bag = await bags.minutes_bag(ARCHIVIST, sealed.id, NOW)

    downloads = [e for e in await audit_rows() if e["action"].endswith("_downloaded")]

    assert [(e["action"], e["entity"], e["entity_id"]) for e in downloads] == [
        ("minutes.pdf_downloaded", "minutes", str(draft.id)),
        ("minutes.signing_pdf_downloaded", "minutes", str(draft.id)),
        ("minutes.pdf_downloaded", "minutes", str(draft.id)),
        ("minutes.version_pdf_downloaded", "minutes", str(draft.id)),
        ("minutes.bag_downloaded", "minutes", str(draft.id)),
    ]
    first, by_link, sealed_pdf, version, bagged = (e["data"] for e in downloads)
    assert first == {"version": 1, "sha256": draft_sha256, "sealed": False}
    assert by_link == {"person_id": str(session.signers[0]), "sha256": draft.version_sha256}
    assert sealed_pdf == {"version": sealed.version, "sha256": sealed.sealed_sha256, "sealed": True}
    assert version == {"version": 1, "sha256": version_sha256}
    assert bagged["sealed_sha256"] == sealed.sealed_sha256
    assert len(bagged["sha256"]) == 64 and bag.content


async def test_a_refused_download_leaves_no_entry(db) -> None:
    draft = await built_minutes(await booked_session("dl2"), NOW)
    before = len(await audit_rows())

    with pytest.raises(NotFound):
        await drafts.minutes_pdf(ARCHIVIST, draft.id)
    with pytest.raises(NotFound):
        await versions.version_pdf(STAFF, draft.id, 9)

    assert len(await audit_rows()) == before


async def test_each_verification_is_recorded_with_the_file_s_hash_and_verdict(db) -> None:
    sealed = await sealed_minutes(await booked_session("dl3"), NOW)
    pdf, _ = await drafts.minutes_pdf(STAFF, sealed.id)

    intact = await archive.verify_pdf(pdf)
    altered = await archive.verify_pdf(pdf + b"\n%tampered\n")

    verified = await audit_rows("archive.verified")
    assert [(e["entity"], e["entity_id"]) for e in verified] == [
        ("file", intact.sha256),
        ("file", altered.sha256),
    ]
    assert verified[0]["data"] == {
        "sha256": intact.sha256,
        "intact": True,
        "minutes_id": str(sealed.id),
        "version": sealed.version,
        "problems": [],
    }
    assert verified[1]["data"]["intact"] is False
    assert verified[1]["data"]["problems"] == list(altered.problems)
