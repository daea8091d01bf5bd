"""Verifying a PDF someone holds against the archive, through the service."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from core.errors import RuleViolation
from minutes.archive import service as archive
from minutes.drafts import service as drafts
from minutes.render.service import render
from minutes.seal import service as sealing
from minutes.seal.pades import seal_pdf
from minutes.vocabulary import Decision
from tests.minutes.test_document import sample_document
from tests.support.minutes_builders import (
    STAFF,
    answer_all,
    booked_session,
    built_minutes,
    sealed_minutes,
)

NOW = datetime.now(UTC)


async def test_the_sealed_pdf_is_intact_with_every_signature_valid(db) -> None:
    session = await booked_session("v1")
    sealed = await sealed_minutes(session, NOW)
    pdf, _ = await drafts.minutes_pdf(STAFF, sealed.id)
    verdict = await archive.verify_pdf(pdf)
    assert verdict.problems == ()
    assert verdict.intact is True
    assert (verdict.minutes_id, verdict.version) == (sealed.id, sealed.version)
    assert verdict.sha256 == sealed.sealed_sha256
    assert verdict.seal.valid and verdict.seal.timestamp_valid and verdict.seal.covers_whole_file
    assert {(c.person_id, c.decision, c.valid) for c in verdict.signatures} == {
        (p, Decision.SIGN, True) for p in session.signers
    }


async def test_a_comment_appended_to_the_sealed_pdf_makes_it_another_file(db) -> None:
    sealed = await sealed_minutes(await booked_session("v2"), NOW)
    pdf, _ = await drafts.minutes_pdf(STAFF, sealed.id)
    # Bytes after the last %%EOF are no revision, so the seal alone cannot see them: the
    # comparison with the archived original does.
    verdict = await archive.verify_pdf(pdf + b"\n% appended after sealing\n")
    assert verdict.intact is False
    assert verdict.minutes_id == sealed.id
    assert verdict.signatures == ()
    assert "altered" in verdict.problems[0] and str(sealed.sealed_sha256) in verdict.problems[0]


async def test_a_draft_is_named_as_that_draft_version_not_as_altered(db) -> None:
    session = await booked_session("v3")
    draft = await answer_all(await built_minutes(session, NOW), NOW)
    pdf, _ = await drafts.minutes_pdf(STAFF, draft.id)
    verdict = await archive.verify_pdf(pdf)
    assert verdict.intact is False
    assert (verdict.minutes_id, verdict.version) == (draft.id, 1)
    assert verdict.problems == (f"draft version 1 of minutes {draft.id}, not sealed",)
    # The endpoint is public: whoever uploads a draft learns nothing of who signed it.
    assert verdict.signatures == ()
    assert verdict.seal.valid is False


async def test_a_draft_stays_a_draft_once_the_minutes_are_sealed(db) -> None:
    session = await booked_session("v4")
    draft = await answer_all(await built_minutes(session, NOW), NOW)
    draft_pdf, _ = await drafts.minutes_pdf(STAFF, draft.id)
    await sealing.seal_minutes(STAFF, draft.id, NOW)
    verdict = await archive.verify_pdf(draft_pdf)
    assert verdict.problems == (f"draft version 1 of minutes {draft.id}, not sealed",)


async def test_a_re_rendering_with_a_valid_seal_of_its_own_is_still_not_the_original(db) -> None:
    sealed = await sealed_minutes(await booked_session("v5"), NOW)
    forged = replace(sample_document(), minutes_id=str(sealed.id), session_title="改过的标题")
    pdf = await asyncio.to_thread(
        seal_pdf, await render(forged), signer_name="某市信访局", reason="forged", location=None
    )
    verdict = await archive.verify_pdf(pdf)
    assert verdict.seal.valid is True and verdict.seal.covers_whole_file is True
    assert verdict.intact is False
    assert verdict.minutes_id == sealed.id
    assert verdict.signatures == ()
    assert "re-rendered" in verdict.problems[0]


async def test_a_file_that_is_no_minutes_pdf_is_named_as_such(db) -> None:
    verdict = await archive.verify_pdf(b"%PDF-1.7\nnot really\n%%EOF\n")
    assert verdict.intact is False
    assert verdict.minutes_id is None
    assert verdict.problems[0] == "the file is not a Concord minutes PDF"
    assert len(verdict.problems) == 2 and "not a readable PDF" in verdict.problems[1]


async def test_an_empty_file_is_refused_naming_the_field(db) -> None:
    with pytest.raises(RuleViolation) as empty:
        await archive.verify_pdf(b"")
    assert (empty.value.code, empty.value.field) == ("empty_file", "file")
    with pytest.raises(RuleViolation) as large:
        await archive.verify_pdf(b"%" * (archive.MAX_UPLOAD_BYTES + 1))
    assert (large.value.code, large.value.field) == ("file_too_large", "file")
