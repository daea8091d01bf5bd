"""Verifying a PDF someone holds against the archive, through the service."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.errors import Forbidden, RuleViolation
from minutes.archive import service as archive
from minutes.drafts import service as drafts
from minutes.vocabulary import Decision
from tests.support.minutes_builders import (
    ARCHIVIST,
    STAFF,
    answer_all,
    booked_session,
    built_minutes,
    sealed_minutes,
)
from tests.support.viewers import participant

NOW = datetime.now(UTC)


async def test_the_sealed_pdf_is_intact_with_every_signature_valid(db) -> None:
    session = await booked_session("v1")
    sealed = await sealed_minutes(session, NOW)
    pdf, _ = await drafts.minutes_pdf(STAFF, sealed.id)
    verdict = await archive.verify_pdf(ARCHIVIST, pdf)
    assert verdict.intact is True
    assert verdict.minutes_id == sealed.id
    assert verdict.problems == ()
    assert verdict.sha256 == sealed.sealed_sha256
    assert {(c.person_id, c.decision, c.valid) for c in verdict.signatures} == {
        (p, Decision.SIGN, True) for p in session.signers
    }


async def test_a_modified_copy_of_the_sealed_pdf_is_not_intact(db) -> None:
    sealed = await sealed_minutes(await booked_session("v2"), NOW)
    pdf, _ = await drafts.minutes_pdf(STAFF, sealed.id)
    # An appended comment leaves a readable PDF that still names its minutes.
    verdict = await archive.verify_pdf(STAFF, pdf + b"\n% appended after sealing\n")
    assert verdict.intact is False
    assert verdict.minutes_id == sealed.id
    [problem] = verdict.problems
    assert "altered" in problem and str(sealed.sealed_sha256) in problem


async def test_a_draft_pdf_is_not_intact_because_it_is_not_sealed(db) -> None:
    draft = await built_minutes(await booked_session("v3"), NOW)
    pdf, _ = await drafts.minutes_pdf(STAFF, draft.id)
    verdict = await archive.verify_pdf(STAFF, pdf)
    assert verdict.intact is False
    assert verdict.minutes_id == draft.id
    assert verdict.problems == ("these minutes have not been sealed yet",)


async def test_an_archivist_verifying_a_draft_learns_nothing_of_its_signatures(db) -> None:
    session = await booked_session("v5")
    draft = await answer_all(await built_minutes(session, NOW), NOW)
    pdf, _ = await drafts.minutes_pdf(STAFF, draft.id)
    assert len((await archive.verify_pdf(STAFF, pdf)).signatures) == len(session.signers)
    verdict = await archive.verify_pdf(ARCHIVIST, pdf)
    assert verdict.intact is False
    assert verdict.minutes_id == draft.id
    assert verdict.signatures == ()


async def test_a_file_that_is_no_minutes_pdf_is_named_as_such(db) -> None:
    verdict = await archive.verify_pdf(STAFF, b"%PDF-1.7\nnot really\n%%EOF\n")
    assert verdict.intact is False
    assert verdict.minutes_id is None
    assert verdict.problems == ("the file is not a Concord minutes PDF",)


async def test_participants_may_not_verify_and_an_empty_file_is_refused(db) -> None:
    session = await booked_session("v4")
    with pytest.raises(Forbidden) as refused:
        await archive.verify_pdf(participant(session.signers[0]), b"%PDF-1.7")
    assert refused.value.code == "role_not_allowed"
    with pytest.raises(RuleViolation) as empty:
        await archive.verify_pdf(ARCHIVIST, b"")
    assert (empty.value.code, empty.value.field) == ("empty_file", "file")
