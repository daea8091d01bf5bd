"""Who holds up sealing, and what the sealed minutes say of those who did not sign, on the engine
DATABASE_URL selects; and the chair, the recorder and the seal as built minutes carry them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core.access import Role
from core.errors import RuleViolation
from hearing.proceedings import service as proceedings
from minutes.archive.pdf_inspection import embedded_record
from minutes.drafts import service as drafts
from minutes.seal import service as sealing
from minutes.signing import service as signing
from minutes.signing.answers import Answer
from minutes.vocabulary import Decision, MinutesStatus
from parties.people import service as people
from tests.support.minutes_builders import STAFF, answer_all, booked_session, built_minutes
from tests.support.viewers import viewer

NOW = datetime.now(UTC)
WINDOW = timedelta(days=7)


async def _sealed_record(minutes_id: Any) -> dict[str, Any]:
    record = embedded_record((await drafts.minutes_pdf(STAFF, minutes_id))[0])
    assert record is not None
    return record


async def _sealed_decisions(minutes_id: Any) -> dict[str, str]:
    signatures = (await _sealed_record(minutes_id))["signatures"]
    return {signature["person_id"]: signature["decision"] for signature in signatures}


async def test_an_excused_absentee_does_not_hold_up_sealing_and_is_sealed_as_absent(db) -> None:
    session = await booked_session("sr1")
    petitioner, department, mediator = session.signers
    await proceedings.record_attendance(
        session.session_id, department, "absent_excused", "出差", session.start
    )
    minutes = await built_minutes(session, NOW)
    assert minutes.pending_signers == (petitioner, mediator)

    minutes = await answer_all(minutes, NOW)
    assert minutes.pending_signers == ()
    sealed = await sealing.seal_minutes(STAFF, minutes.id, NOW)

    assert sealed.status == MinutesStatus.SEALED
    decisions = {
        s["person_id"]: s["decision"] for s in (await _sealed_record(sealed.id))["signatures"]
    }
    assert decisions == {
        str(petitioner): "sign",
        str(mediator): "sign",
        str(department): "absent_excused",
    }


async def test_an_excused_absentee_who_signs_anyway_is_sealed_as_signed(db) -> None:
    session = await booked_session("sr2")
    petitioner = session.signers[0]
    await proceedings.record_attendance(
        session.session_id, petitioner, "absent_excused", None, session.start
    )
    minutes = await built_minutes(session, NOW)
    minutes = await signing.record_signature(
        STAFF, minutes.id, Answer(petitioner, Decision.SIGN, minutes.version_sha256), NOW
    )
    sealed = await sealing.seal_minutes(STAFF, (await answer_all(minutes, NOW)).id, NOW)

    decisions = {
        s["person_id"]: s["decision"] for s in (await _sealed_record(sealed.id))["signatures"]
    }
    assert set(decisions.values()) == {"sign"}


async def test_an_unexcused_absentee_still_holds_up_sealing_until_the_window_closes(db) -> None:
    session = await booked_session("sr3")
    petitioner, department, mediator = session.signers
    await proceedings.record_attendance(
        session.session_id, department, "absent_unexcused", None, session.start
    )
    minutes = await built_minutes(session, NOW)
    for person_id in (petitioner, mediator):
        minutes = await signing.record_signature(
            STAFF, minutes.id, Answer(person_id, Decision.SIGN, minutes.version_sha256), NOW
        )
    assert minutes.pending_signers == (department,)
    with pytest.raises(RuleViolation) as refused:
        await sealing.seal_minutes(STAFF, minutes.id, NOW)
    assert refused.value.code == "signatures_missing"

    sealed = await sealing.seal_minutes(STAFF, minutes.id, NOW + WINDOW)
    decisions = {
        s["person_id"]: s["decision"] for s in (await _sealed_record(sealed.id))["signatures"]
    }
    assert decisions[str(department)] == "not_signed"


async def test_sealed_minutes_wait_for_nobody(db) -> None:
    session = await booked_session("sr4")
    minutes = await built_minutes(session, NOW)
    await signing.record_signature(
        STAFF, minutes.id, Answer(session.signers[0], Decision.SIGN, minutes.version_sha256), NOW
    )

    sealed = await sealing.seal_minutes(STAFF, minutes.id, NOW + WINDOW)

    assert sealed.pending_signers == ()
    assert (await drafts.get_minutes(STAFF, minutes.id)).pending_signers == ()


async def test_the_sealed_rendering_is_marked_sealed_and_keeps_number_chair_and_recorder(
    db,
) -> None:
    session = await booked_session("sr5")
    minutes = await answer_all(await built_minutes(session, NOW), NOW)
    draft = await _sealed_record(minutes.id)

    sealed = await sealing.seal_minutes(STAFF, minutes.id, NOW)

    record = await _sealed_record(sealed.id)
    assert (draft["sealed"], record["sealed"]) == (False, True)
    # No certificate is configured here: the seal is a development one, and the PDF says so.
    assert (draft["development_seal"], record["development_seal"]) == (False, True)
    for key in ("document_number", "recorder", "chair", "issuing_body"):
        assert record[key] == draft[key]
    assert record["chair"] == {"name": "郑", "role": "mediator"}
    assert record["document_number"] == sealed.document_number is not None


async def test_the_recorder_is_the_person_behind_the_account_else_the_account(db) -> None:
    session = await booked_session("sr6")
    clerk = await people.create_person({"name": "陈书记员", "email": "clerk@x.cn"})
    by_person = await drafts.build_minutes(
        viewer(Role.COORDINATOR, clerk.id), session.session_id, NOW
    )
    assert (await _sealed_record(by_person.id))["recorder"] == "陈书记员"

    by_account = await drafts.build_minutes(viewer(Role.ADMIN), session.session_id, NOW)
    assert (await _sealed_record(by_account.id))["recorder"] == "admin@test.example"
