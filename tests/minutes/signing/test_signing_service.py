"""Signing and refusing through the service, on the engine DATABASE_URL selects."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.errors import Conflict, Forbidden, NotFound, RuleViolation
from minutes.drafts import service as drafts
from minutes.signing import service as signing
from minutes.signing.answers import Answer
from minutes.vocabulary import Decision, MinutesStatus
from parties.people import service as parties
from tests.support.minutes_builders import STAFF, booked_session, built_minutes
from tests.support.viewers import participant

NOW = datetime.now(UTC)


async def test_a_participant_signs_for_themselves_and_a_refusal_keeps_its_reason(db) -> None:
    session = await booked_session("s1")
    minutes = await built_minutes(session, NOW)
    petitioner, department, mediator = session.signers
    signed = await signing.record_signature(
        participant(petitioner),
        minutes.id,
        Answer(petitioner, Decision.SIGN, minutes.version_sha256, "ignored"),
        NOW,
    )
    refused = await signing.record_signature(
        STAFF,
        minutes.id,
        Answer(mediator, Decision.REFUSE, minutes.version_sha256, "records disagree"),
        NOW,
    )
    assert signed.status == refused.status == MinutesStatus.SIGNING
    assert [(s.person_id, s.decision, s.reason) for s in refused.signatures] == [
        (petitioner, Decision.SIGN, None),
        (mediator, Decision.REFUSE, "records disagree"),
    ]
    assert all(s.version_sha256 == minutes.version_sha256 for s in refused.signatures)
    assert refused.pending_signers == (department,)


async def test_an_answer_to_a_stale_version_is_a_conflict_naming_the_current_one(db) -> None:
    session = await booked_session("s2")
    first = await built_minutes(session, NOW)
    second = await built_minutes(session, NOW)
    with pytest.raises(Conflict) as refused:
        await signing.record_signature(
            STAFF, first.id, Answer(session.signers[0], Decision.SIGN, first.version_sha256), NOW
        )
    assert (refused.value.code, refused.value.field) == ("stale_version", "version_sha256")
    assert refused.value.extra == {"current_version_sha256": second.version_sha256}
    assert (await drafts.get_minutes(STAFF, first.id)).signatures == ()


@pytest.mark.parametrize("reason", [None, "   "])
async def test_a_refusal_without_a_reason_is_refused_and_nothing_is_recorded(
    db, reason: str | None
) -> None:
    session = await booked_session("s3")
    minutes = await built_minutes(session, NOW)
    answer = Answer(session.signers[0], Decision.REFUSE, minutes.version_sha256, reason)
    with pytest.raises(RuleViolation) as refused:
        await signing.record_signature(STAFF, minutes.id, answer, NOW)
    assert refused.value.code == "refusal_reason_required"
    assert (await drafts.get_minutes(STAFF, minutes.id)).status == MinutesStatus.DRAFT


async def test_a_participant_may_not_sign_for_someone_else(db) -> None:
    session = await booked_session("s4")
    minutes = await built_minutes(session, NOW)
    petitioner, department, _ = session.signers
    with pytest.raises(Forbidden) as refused:
        await signing.record_signature(
            participant(petitioner),
            minutes.id,
            Answer(department, Decision.SIGN, minutes.version_sha256),
            NOW,
        )
    assert (refused.value.code, refused.value.field) == ("not_your_record", "person_id")
    assert (await drafts.get_minutes(STAFF, minutes.id)).signatures == ()


async def test_a_participant_of_another_session_does_not_learn_the_minutes_exist(db) -> None:
    mine, theirs = await booked_session("s5"), await booked_session("s6")
    their_minutes = await built_minutes(theirs, NOW)
    me = mine.signers[0]
    with pytest.raises(NotFound) as hidden:
        await signing.record_signature(
            participant(me),
            their_minutes.id,
            Answer(me, Decision.SIGN, their_minutes.version_sha256),
            NOW,
        )
    assert hidden.value.code == "minutes_not_found"


async def test_each_signer_answers_once_per_version(db) -> None:
    session = await booked_session("s7")
    minutes = await built_minutes(session, NOW)
    answer = Answer(session.signers[0], Decision.SIGN, minutes.version_sha256)
    await signing.record_signature(STAFF, minutes.id, answer, NOW)
    with pytest.raises(Conflict) as refused:
        await signing.record_signature(STAFF, minutes.id, answer, NOW)
    assert refused.value.code == "already_answered"


async def test_someone_who_does_not_take_part_is_no_signer(db) -> None:
    session = await booked_session("s8")
    minutes = await built_minutes(session, NOW)
    outsider = (await parties.create_person({"name": "路人", "email": "s8-outsider@x.cn"})).id
    with pytest.raises(RuleViolation) as refused:
        await signing.record_signature(
            STAFF, minutes.id, Answer(outsider, Decision.SIGN, minutes.version_sha256), NOW
        )
    assert (refused.value.code, refused.value.field) == ("not_a_signer", "person_id")
