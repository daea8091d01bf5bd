"""Who may read which invitation and answer it, decided by the service from the viewer."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from core.access import Role
from core.errors import Forbidden, NotFound, RuleViolation
from hearing.cases import service as cases
from hearing.sessions import service as hearing
from hearing.sessions.views import ParticipantRequest, SessionView
from hearing.vocabulary import PartStat
from scheduling.booking import service as booking
from scheduling.invitations import service as invitations
from tests.scheduling.invitations.test_itip_reply import _reply as itip_reply
from tests.support import builders
from tests.support.builders import make_room, mediation_session
from tests.support.flow import next_weekday_at
from tests.support.viewers import COORDINATOR, participant, viewer

START = next_weekday_at(10)
NOW = START - timedelta(days=10)


async def booked(suffix: str) -> SessionView:
    """A three-party mediation booked ten days out, with people and a room of its own."""
    session, _ = await mediation_session(suffix)
    return await booking.book_session(session.id, START, await make_room(f"室 {suffix}"), NOW)


def person(session: SessionView, role: str = "petitioner") -> UUID:
    return next(p.person_id for p in session.participants if p.role == role)


def partstat(answer: invitations.InvitationAnswer, person_id: UUID) -> str:
    return next(p.partstat for p in answer.session.participants if p.person_id == person_id)


async def test_a_participant_reads_their_own_invitation_and_stored_event(db) -> None:
    mine = await booked("i1")
    me = participant(person(mine))

    published = await invitations.published_invitation(me, mine.id, person(mine), NOW)
    assert "METHOD:REQUEST" in published.text
    stored = await invitations.calendar_object_for(me, mine.id, person(mine), NOW)
    assert stored.uid == invitations.event_uid(mine.id) and "METHOD:" not in stored.text


async def test_another_sessions_invitation_is_as_unknown_to_a_participant_as_a_missing_one(
    db,
) -> None:
    mine, theirs = await booked("i2"), await booked("i3")
    me = participant(person(mine))
    for asked in (person(mine), person(theirs)):
        with pytest.raises(NotFound) as hidden:
            await invitations.published_invitation(me, theirs.id, asked, NOW)
        assert (hidden.value.code, hidden.value.field) == ("session_not_found", "id")
        with pytest.raises(NotFound) as hidden:
            await invitations.calendar_object_for(me, theirs.id, asked, NOW)
        assert (hidden.value.code, hidden.value.field) == ("session_not_found", "id")
    with pytest.raises(NotFound) as hidden:
        await invitations.invitation_for(viewer(Role.ARCHIVIST), theirs.id, person(theirs), NOW)
    assert hidden.value.code == "session_not_found"


async def test_in_their_own_session_a_participant_cannot_read_someone_elses_invitation(
    db,
) -> None:
    mine = await booked("i4")
    with pytest.raises(Forbidden) as refused:
        await invitations.invitation_for(
            participant(person(mine)), mine.id, person(mine, "department"), NOW
        )
    assert (refused.value.code, refused.value.field) == ("not_your_record", "person_id")


async def test_staff_read_everyones_invitation_and_a_stranger_is_not_a_participant(db) -> None:
    session = await booked("i5")
    for listed in session.participants:
        text = await invitations.invitation_for(COORDINATOR, session.id, listed.person_id, NOW)
        assert "METHOD:REQUEST" in text
    with pytest.raises(NotFound) as unknown:
        await invitations.invitation_for(COORDINATOR, session.id, uuid4(), NOW)
    assert unknown.value.code == "participant_not_found"


async def booked_with_an_agent(suffix: str) -> SessionView:
    """A mediation booked ten days out whose petitioner brings an optional agent."""
    case = await cases.create_case(cases.NewCase(reference=f"XF-{suffix}", title="t"), NOW)
    roles = ("petitioner", "agent", "department", "mediator")
    people = [
        ParticipantRequest(
            await builders.person(role, f"{role}{suffix}@x.cn"), role, role != "agent"
        )
        for role in roles
    ]
    session = await hearing.create_session(
        "mediation", case.id, "调解", 60, "zh-CN", people, [], NOW
    )
    return await booking.book_session(session.id, START, await make_room(f"室 {suffix}"), NOW)


async def test_someone_taken_off_a_session_still_reads_their_own_cancellation(db) -> None:
    session = await booked_with_an_agent("i6")
    agent = person(session, "agent")
    await booking.remove_participant(session.id, agent, NOW)

    text = await invitations.invitation_for(participant(agent), session.id, agent, NOW)
    assert "METHOD:CANCEL" in text
    with pytest.raises(NotFound) as hidden:
        await invitations.invitation_for(participant(agent), session.id, person(session), NOW)
    assert hidden.value.code == "session_not_found"


async def test_a_participant_answers_for_themselves_only_in_their_own_session(db) -> None:
    mine, theirs = await booked("i7"), await booked("i8")
    me = participant(person(mine))

    answered = await invitations.answer_by_login(me, mine.id, None, "ACCEPTED", NOW)
    assert partstat(answered, person(mine)) == PartStat.ACCEPTED
    with pytest.raises(Forbidden) as refused:
        await invitations.answer_by_login(me, mine.id, person(mine, "department"), "DECLINED", NOW)
    assert refused.value.code == "not_your_record"
    with pytest.raises(NotFound) as hidden:
        await invitations.answer_by_login(me, theirs.id, None, "DECLINED", NOW)
    assert hidden.value.code == "session_not_found"
    staff = await invitations.answer_by_login(
        COORDINATOR, theirs.id, person(theirs), "TENTATIVE", NOW
    )
    assert partstat(staff, person(theirs)) == PartStat.TENTATIVE


async def test_an_account_without_a_person_must_say_whose_answer_it_is(db) -> None:
    session = await booked("i9")
    with pytest.raises(RuleViolation) as missing:
        await invitations.answer_by_login(COORDINATOR, session.id, None, "ACCEPTED", NOW)
    assert (missing.value.code, missing.value.field) == ("person_required", "person_id")


async def test_the_answer_token_is_the_authority_without_a_login(db) -> None:
    session = await booked("i10")
    token = invitations.rsvp_token(session.id, person(session, "mediator"), NOW + timedelta(days=1))
    answered = await invitations.answer_by_token(session.id, token, "DECLINED", NOW)
    assert partstat(answered, person(session, "mediator")) == PartStat.DECLINED


def reply(session: SessionView, email: str) -> str:
    return itip_reply(invitations.event_uid(session.id), email, "ACCEPTED", session.sequence)


async def test_an_itip_reply_answers_only_for_the_sender_in_their_own_session(db) -> None:
    mine, theirs = await booked("i11"), await booked("i12")
    me = participant(person(mine))

    answered = await invitations.answer_with_reply(me, mine.id, reply(mine, "pi11@x.cn"), NOW)
    assert partstat(answered, person(mine)) == PartStat.ACCEPTED
    with pytest.raises(Forbidden) as refused:
        await invitations.answer_with_reply(me, mine.id, reply(mine, "di11@x.cn"), NOW)
    assert refused.value.code == "not_your_record"
    with pytest.raises(NotFound) as hidden:
        await invitations.answer_with_reply(me, theirs.id, reply(theirs, "pi12@x.cn"), NOW)
    assert hidden.value.code == "session_not_found"
