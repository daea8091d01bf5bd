"""Building and reading minutes drafts through the service, on the engine DATABASE_URL selects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.errors import Forbidden, RuleViolation
from minutes.archive.pdf_inspection import embedded_record, identify_minutes
from minutes.document import sha256_hex
from minutes.drafts import service as drafts
from minutes.signing import service as signing
from minutes.signing.answers import Answer
from minutes.store import minutes_of_session
from minutes.vocabulary import Decision, MinutesStatus
from tests.support.builders import mediation_session
from tests.support.minutes_builders import STAFF, booked_session, built_minutes
from tests.support.viewers import participant

NOW = datetime.now(UTC)


async def test_building_minutes_makes_draft_version_one_awaiting_every_signer(db) -> None:
    session = await booked_session("d1")
    minutes = await built_minutes(session, NOW)
    assert minutes.session_id == session.session_id
    assert minutes.version == 1
    assert minutes.status == MinutesStatus.DRAFT
    assert minutes.signatures == ()
    assert minutes.pending_signers == session.signers
    assert minutes.sealed_sha256 is None
    assert await drafts.get_minutes(STAFF, minutes.id) == minutes


async def test_the_draft_pdf_is_the_current_version_and_names_it(db) -> None:
    session = await booked_session("d2")
    minutes = await built_minutes(session, NOW)
    pdf, sha256 = await drafts.minutes_pdf(STAFF, minutes.id)
    assert sha256 == minutes.version_sha256 == sha256_hex(pdf)
    assert identify_minutes(pdf) == (str(minutes.id), 1)
    record = embedded_record(pdf)
    assert record is not None
    assert record["signatures"] == []


async def test_rebuilding_makes_version_two_and_the_answers_to_version_one_lapse(db) -> None:
    session = await booked_session("d3")
    first = await built_minutes(session, NOW)
    signed = await signing.record_signature(
        STAFF, first.id, Answer(session.signers[0], Decision.SIGN, first.version_sha256), NOW
    )
    assert signed.status == MinutesStatus.SIGNING
    assert [s.person_id for s in signed.signatures] == [session.signers[0]]

    second = await built_minutes(session, NOW + timedelta(hours=1))
    assert second.id == first.id
    assert second.version == 2
    assert second.status == MinutesStatus.DRAFT
    assert second.signatures == ()
    assert second.pending_signers == session.signers
    pdf, _ = await drafts.minutes_pdf(STAFF, second.id)
    assert identify_minutes(pdf) == (str(first.id), 2)


async def test_minutes_of_an_unbooked_session_cannot_be_built(db) -> None:
    session, _ = await mediation_session("d4")
    with pytest.raises(RuleViolation) as refused:
        await drafts.build_minutes(STAFF, session.id, NOW)
    assert refused.value.code == "session_not_scheduled"


async def test_a_participant_may_not_build_minutes_even_of_their_own_session(db) -> None:
    session = await booked_session("d5")
    with pytest.raises(Forbidden) as refused:
        await drafts.build_minutes(participant(session.signers[0]), session.session_id, NOW)
    assert refused.value.code == "role_not_allowed"
    assert await minutes_of_session(session.session_id) is None
