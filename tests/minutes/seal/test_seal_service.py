"""Sealing through the service: when it is allowed, what the sealed PDF holds, and immutability."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.errors import Conflict, Forbidden, RuleViolation
from hearing.proceedings import service as record
from minutes.archive.pdf_inspection import embedded_record
from minutes.document import sha256_hex
from minutes.drafts import service as drafts
from minutes.seal import service as sealing
from minutes.signing import service as signing
from minutes.signing.answers import Answer
from minutes.vocabulary import Decision, MinutesStatus
from tests.support.minutes_builders import (
    STAFF,
    answer_all,
    booked_session,
    built_minutes,
    sealed_minutes,
)
from tests.support.viewers import participant

NOW = datetime.now(UTC)
#: The default signing window (jurisdiction rules: signing_window_days).
WINDOW = timedelta(days=7)


async def test_sealing_is_refused_while_signatures_are_pending_and_the_window_is_open(db) -> None:
    session = await booked_session("z1")
    minutes = await built_minutes(session, NOW)
    await signing.record_signature(
        STAFF, minutes.id, Answer(session.signers[0], Decision.SIGN, minutes.version_sha256), NOW
    )
    with pytest.raises(RuleViolation) as refused:
        await sealing.seal_minutes(STAFF, minutes.id, NOW + WINDOW - timedelta(minutes=1))
    assert refused.value.code == "signatures_missing"
    assert refused.value.extra["pending_signers"] == [str(p) for p in session.signers[1:]]
    assert (await drafts.get_minutes(STAFF, minutes.id)).status == MinutesStatus.SIGNING


async def test_sealing_after_everyone_answered_stores_the_final_pdf_with_every_answer(db) -> None:
    session = await booked_session("z2")
    minutes = await answer_all(await built_minutes(session, NOW), NOW)
    sealed = await sealing.seal_minutes(STAFF, minutes.id, NOW)
    assert sealed.status == MinutesStatus.SEALED
    assert sealed.sealed_at == NOW
    assert sealed.sealed_sha256 not in (None, minutes.version_sha256)
    pdf, sha256 = await drafts.minutes_pdf(STAFF, sealed.id)
    assert sha256 == sealed.sealed_sha256 == sha256_hex(pdf)
    record = embedded_record(pdf)
    assert record is not None
    printed = {(s["person_id"], s["decision"]) for s in record["signatures"]}
    assert printed == {(str(p), "sign") for p in session.signers}


async def test_once_the_window_has_closed_the_silent_are_sealed_as_not_signed(db) -> None:
    session = await booked_session("z3")
    minutes = await built_minutes(session, NOW)
    await signing.record_signature(
        STAFF, minutes.id, Answer(session.signers[0], Decision.SIGN, minutes.version_sha256), NOW
    )
    sealed = await sealing.seal_minutes(STAFF, minutes.id, NOW + WINDOW)
    record = embedded_record((await drafts.minutes_pdf(STAFF, sealed.id))[0])
    assert record is not None
    printed = {s["person_id"]: s["decision"] for s in record["signatures"]}
    assert printed == {
        str(session.signers[0]): "sign",
        str(session.signers[1]): "not_signed",
        str(session.signers[2]): "not_signed",
    }


async def test_sealed_minutes_are_immutable(db) -> None:
    session = await booked_session("z4")
    sealed = await sealed_minutes(session, NOW)
    attempts = (
        drafts.build_minutes(STAFF, session.session_id, NOW),
        sealing.seal_minutes(STAFF, sealed.id, NOW),
        signing.record_signature(
            STAFF, sealed.id, Answer(session.signers[0], Decision.SIGN, sealed.version_sha256), NOW
        ),
    )
    for attempt in attempts:
        with pytest.raises(Conflict) as refused:
            await attempt
        assert refused.value.code == "minutes_sealed"
    assert await drafts.get_minutes(STAFF, sealed.id) == sealed


async def test_a_participant_may_not_seal(db) -> None:
    session = await booked_session("z5")
    minutes = await answer_all(await built_minutes(session, NOW), NOW)
    with pytest.raises(Forbidden) as refused:
        await sealing.seal_minutes(participant(session.signers[0]), minutes.id, NOW)
    assert refused.value.code == "role_not_allowed"
    assert (await drafts.get_minutes(STAFF, minutes.id)).status == MinutesStatus.SIGNING


async def test_a_record_changed_after_signing_is_sealed_only_once_built_and_signed_again(
    db,
) -> None:
    session = await booked_session("z9")
    minutes = await answer_all(await built_minutes(session, NOW), NOW)
    await record.record_attendance(
        session.session_id, session.signers[0], "absent_excused", "病假", session.start
    )
    with pytest.raises(Conflict) as refused:
        await sealing.seal_minutes(STAFF, minutes.id, NOW)
    assert refused.value.code == "record_changed_since_build"
    assert (await drafts.get_minutes(STAFF, minutes.id)).status == MinutesStatus.SIGNING

    later = NOW + timedelta(minutes=5)
    rebuilt = await answer_all(await built_minutes(session, later), later)
    assert rebuilt.version == 2
    sealed = await sealing.seal_minutes(STAFF, rebuilt.id, later)
    assert sealed.status == MinutesStatus.SEALED
    pdf, _ = await drafts.minutes_pdf(STAFF, sealed.id)
    printed = embedded_record(pdf)
    assert printed is not None
    attendance = {p["person_id"]: p["attendance"] for p in printed["participants"]}
    assert attendance[str(session.signers[0])] == "absent_excused"


async def test_minutes_built_at_a_local_time_are_sealed_all_the_same(db) -> None:
    session = await booked_session("local-clock")
    built_at = NOW.astimezone(ZoneInfo("Asia/Shanghai"))
    minutes = await answer_all(await built_minutes(session, built_at), built_at)

    sealed = await sealing.seal_minutes(STAFF, minutes.id, built_at)

    assert sealed.status == MinutesStatus.SEALED
