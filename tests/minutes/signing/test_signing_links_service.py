"""Signing requests and signing links through the services, on the engine DATABASE_URL selects:
one email per signer in their language, a token that answers for exactly one version."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from core.errors import Conflict, Unauthorized
from hearing.cases import service as cases
from hearing.sessions import service as hearing
from hearing.sessions.views import ParticipantRequest
from minutes.drafts import service as drafts
from minutes.signing import service as signing
from minutes.signing.answers import Answer
from minutes.signing.links import SigningGrant, read_signing_token, signing_token
from minutes.store import minutes_of_session
from minutes.vocabulary import Decision, IdentifiedBy
from parties.people import service as parties
from scheduling.booking import service as booking
from scheduling.invitations.service import rsvp_token
from scheduling.rooms import service as rooms
from tests.support.builders import mediation_session, person
from tests.support.flow import next_weekday_at
from tests.support.minutes_builders import STAFF, BookedSession, booked_session, built_minutes
from tests.support.signing_mail import (
    recipient,
    signing_mails,
    text_of,
    token_in,
    tokens_by_recipient,
)
from tests.support.viewers import participant

NOW = datetime.now(UTC)
LATER = NOW + timedelta(days=1)


async def booked_mediation_with_english_mediator(suffix: str) -> BookedSession:
    mediator = await person("Li, Wei", f"li{suffix}@x.cn", locale="en")
    session, _ = await mediation_session(suffix, mediator=mediator)
    room = await rooms.create_room(
        {"name": f"调解室 {suffix}", "capacity": 6, "timezone": "Asia/Shanghai"}
    )
    start = next_weekday_at(10)
    await booking.book_session(session.id, start, room.id, start - timedelta(days=10))
    return BookedSession(session.id, tuple(p.person_id for p in session.participants), start)


async def ids_by_email(session: BookedSession) -> dict[str, UUID]:
    return {p.email: p.id for p in (await parties.get_people(list(session.signers))).values()}


async def test_each_signer_gets_one_request_in_their_language_with_a_link_to_that_version(
    db,
) -> None:
    session = await booked_mediation_with_english_mediator("l1")
    minutes = await built_minutes(session, NOW)
    mails = await signing_mails(session.session_id)
    assert sorted(recipient(m) for m in mails) == sorted(["pl1@x.cn", "dl1@x.cn", "lil1@x.cn"])
    by_recipient = {recipient(m): m for m in mails}
    english, chinese = by_recipient["lil1@x.cn"], by_recipient["pl1@x.cn"]
    assert english["Content-Language"] == "en"
    assert english["Subject"] == "Please read and sign the minutes: 调解 (version 1)"
    assert "Dear Li, Wei" in text_of(english)
    assert chinese["Content-Language"] == "zh-CN"
    assert chinese["Subject"] == "请核对并签署笔录：调解（第 1 版）"
    assert text_of(chinese).startswith("张三：")
    for mail in mails:
        assert minutes.version_sha256 in text_of(mail)
    people_by_email = await ids_by_email(session)
    for email, mail in by_recipient.items():
        grant = await read_signing_token(token_in(mail), NOW)
        assert grant == SigningGrant(minutes.id, people_by_email[email], minutes.version_sha256)


async def test_observers_are_sent_no_signing_request(db) -> None:
    people = {
        role: await person(role, f"{role}.l2@x.cn")
        for role in ("petitioner", "department", "presiding_officer", "observer")
    }
    officers = [await person(f"o{n}", f"o{n}.l2@x.cn") for n in range(3)]
    case = await cases.create_case(cases.NewCase(reference="PH-l2", title="t"), NOW)
    session = await hearing.create_session(
        "public_hearing",
        case.id,
        "听证",
        60,
        "zh-CN",
        [
            *(ParticipantRequest(person_id, role) for role, person_id in people.items()),
            *(ParticipantRequest(officer, "hearing_officer") for officer in officers),
        ],
        ["补偿标准"],
        NOW,
    )
    room = await rooms.create_room(
        {"name": "听证室 l2", "capacity": 10, "public_seats": 2, "timezone": "Asia/Shanghai"}
    )
    start = next_weekday_at(10)
    await booking.book_session(session.id, start, room.id, start - timedelta(days=10))
    await drafts.build_minutes(STAFF, session.id, NOW)
    recipients = {recipient(m) for m in await signing_mails(session.id)}
    assert "observer.l2@x.cn" not in recipients
    assert recipients == {
        "petitioner.l2@x.cn",
        "department.l2@x.cn",
        "presiding_officer.l2@x.cn",
        "o0.l2@x.cn",
        "o1.l2@x.cn",
        "o2.l2@x.cn",
    }


async def test_the_link_signs_for_its_person_and_version_and_says_it_was_the_link(db) -> None:
    session = await booked_session("l3")
    minutes = await built_minutes(session, NOW)
    token = (await tokens_by_recipient(session.session_id))["dl3@x.cn"]
    signed = await signing.record_signature_by_link(minutes.id, token, Decision.SIGN, None, NOW)
    department = (await ids_by_email(session))["dl3@x.cn"]
    [signature] = signed.signatures
    assert signature.person_id == department
    assert signature.version_sha256 == minutes.version_sha256
    assert signature.identified_by == IdentifiedBy.SIGNING_LINK
    assert set(signed.pending_signers) == set(session.signers) - {department}


async def test_a_used_link_is_already_answered(db) -> None:
    session = await booked_session("l4")
    minutes = await built_minutes(session, NOW)
    token = (await tokens_by_recipient(session.session_id))["pl4@x.cn"]
    await signing.record_signature_by_link(minutes.id, token, Decision.REFUSE, "记录有误", NOW)
    with pytest.raises(Conflict) as reused:
        await signing.record_signature_by_link(minutes.id, token, Decision.SIGN, None, NOW)
    assert (reused.value.code, reused.value.field) == ("already_answered", "person_id")
    [refusal] = (await drafts.get_minutes(STAFF, minutes.id)).signatures
    assert (refusal.decision, refusal.reason) == (Decision.REFUSE, "记录有误")


async def test_a_newer_version_sends_new_links_and_makes_the_old_ones_stale(db) -> None:
    session = await booked_session("l5")
    first = await built_minutes(session, NOW)
    second = await built_minutes(session, NOW)
    mails = await signing_mails(session.session_id)
    assert len(mails) == 6
    tokens = [token_in(m) for m in mails if recipient(m) == "ml5@x.cn"]
    by_version = {(await read_signing_token(t, NOW)).version_sha256: t for t in tokens}
    assert set(by_version) == {first.version_sha256, second.version_sha256}
    old_token, new_token = by_version[first.version_sha256], by_version[second.version_sha256]
    with pytest.raises(Conflict) as stale:
        await signing.record_signature_by_link(first.id, old_token, Decision.SIGN, None, NOW)
    assert stale.value.code == "stale_version"
    signed = await signing.record_signature_by_link(second.id, new_token, Decision.SIGN, None, NOW)
    assert [s.person_id for s in signed.signatures] == [(await ids_by_email(session))["ml5@x.cn"]]


async def test_an_altered_token_or_one_for_something_else_is_unauthorized(db) -> None:
    session = await booked_session("l6")
    minutes = await built_minutes(session, NOW)
    other = await built_minutes(await booked_session("l6b"), NOW)
    token = (await tokens_by_recipient(session.session_id))["pl6@x.cn"]
    altered = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    for bad, minutes_id in (
        (altered, minutes.id),
        (token, other.id),
        (rsvp_token(session.session_id, session.signers[0], LATER), minutes.id),
    ):
        with pytest.raises(Unauthorized) as refused:
            await signing.record_signature_by_link(minutes_id, bad, Decision.SIGN, None, NOW)
        assert (refused.value.code, refused.value.field) == ("invalid_token", "token")
    assert (await drafts.get_minutes(STAFF, minutes.id)).signatures == ()


async def test_each_answer_says_how_its_signer_was_identified(db) -> None:
    session = await booked_session("l7")
    minutes = await built_minutes(session, NOW)
    petitioner, department, mediator = session.signers
    sha = minutes.version_sha256
    await signing.record_signature(
        participant(petitioner), minutes.id, Answer(petitioner, Decision.SIGN, sha), NOW
    )
    await signing.record_signature(STAFF, minutes.id, Answer(department, Decision.SIGN, sha), NOW)
    token = signing_token(SigningGrant(minutes.id, mediator, sha), LATER)
    signed = await signing.record_signature_by_link(minutes.id, token, Decision.SIGN, None, NOW)
    assert {s.person_id: s.identified_by for s in signed.signatures} == {
        petitioner: IdentifiedBy.ACCOUNT,
        department: IdentifiedBy.STAFF,
        mediator: IdentifiedBy.SIGNING_LINK,
    }


async def test_a_build_that_fails_queues_no_request_and_stores_no_version(db, monkeypatch) -> None:
    session = await booked_session("l8")

    async def failing(*_: object, **__: object) -> None:
        raise RuntimeError("the audit log is unreachable")

    monkeypatch.setattr("minutes.drafts.service.record_event", failing)
    with pytest.raises(RuntimeError):
        await built_minutes(session, NOW)
    assert await minutes_of_session(session.session_id) is None
    assert await signing_mails(session.session_id) == []
