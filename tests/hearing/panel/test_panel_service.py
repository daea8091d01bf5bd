"""Panel votes and the conclusion through the services, on the engine DATABASE_URL selects."""

from __future__ import annotations

import asyncio
from datetime import datetime
from uuid import UUID, uuid4

import pytest

from core.access import Role, Viewer
from core.errors import Forbidden, NotFound, RuleViolation
from hearing.panel import service as panel
from hearing.panel.conclusion import PanelResult, PanelView
from hearing.panel.service import NewVote
from hearing.proceedings import service as record
from hearing.sessions.views import SessionView
from tests.support.builders import booked_public_hearing

STAFF = Viewer(uuid4(), "coordinator@test.example", Role.COORDINATOR, None)
ITEM = "补偿标准"


def participant(person_id: UUID) -> Viewer:
    return Viewer(uuid4(), "someone@test.example", Role.PARTICIPANT, person_id)


def officers(session: SessionView) -> list[UUID]:
    return with_role(session, "hearing_officer")


def with_role(session: SessionView, role: str) -> list[UUID]:
    return [p.person_id for p in session.participants if p.role == role]


async def vote(
    session: SessionView, officer: UUID, view: PanelView, now: datetime, opinion: str = ""
) -> None:
    new = NewVote(officer, ITEM, view, opinion or None)
    await panel.record_vote(STAFF, session.id, new, now)


async def test_a_vote_posted_again_replaces_the_first(db: None) -> None:
    session, start = await booked_public_hearing("v1")
    officer = officers(session)[0]
    await vote(session, officer, PanelView.SUPPORTED, start)
    await vote(session, officer, PanelView.NOT_SUPPORTED, start, "标准过低")
    votes = await panel.votes_of(session.id)
    assert [(v.person_id, v.view, v.opinion) for v in votes] == [
        (officer, "not_supported", "标准过低")
    ]


async def test_a_split_panel_concludes_by_majority_and_keeps_the_dissent(db: None) -> None:
    session, start = await booked_public_hearing("v2")
    wang, li, zhang = officers(session)
    await vote(session, wang, PanelView.SUPPORTED, start)
    await vote(session, li, PanelView.SUPPORTED, start)
    await vote(session, zhang, PanelView.PARTLY_SUPPORTED, start, "部分支持")
    first, second = await panel.conclusion_for(STAFF, session.id)
    assert (first.agenda_item, first.result) == (ITEM, PanelResult.SUPPORTED)
    assert [(d.person_id, d.opinion) for d in first.dissents] == [(str(zhang), "部分支持")]
    assert second.result is PanelResult.NO_MAJORITY


async def test_the_presiding_officer_is_not_on_the_panel(db: None) -> None:
    session, start = await booked_public_hearing("v3")
    (presiding,) = with_role(session, "presiding_officer")
    with pytest.raises(RuleViolation) as caught:
        await vote(session, presiding, PanelView.SUPPORTED, start)
    assert caught.value.code == "not_a_hearing_officer"


async def test_a_vote_on_an_item_off_the_agenda_is_refused(db: None) -> None:
    session, start = await booked_public_hearing("v4")
    new = NewVote(officers(session)[0], "not on the agenda", PanelView.SUPPORTED)
    with pytest.raises(RuleViolation) as caught:
        await panel.record_vote(STAFF, session.id, new, start)
    assert caught.value.code == "unknown_agenda_item"


async def test_only_staff_record_votes(db: None) -> None:
    session, start = await booked_public_hearing("v6")
    officer = officers(session)[0]
    with pytest.raises(Forbidden):
        new = NewVote(officer, ITEM, PanelView.SUPPORTED)
        await panel.record_vote(participant(officer), session.id, new, start)


async def test_participants_read_the_conclusion_others_find_no_session(db: None) -> None:
    session, _ = await booked_public_hearing("v7")
    (petitioner,) = with_role(session, "petitioner")
    assert len(await panel.conclusion_for(participant(petitioner), session.id)) == 2
    with pytest.raises(NotFound):
        await panel.conclusion_for(participant(uuid4()), session.id)


async def test_the_record_carries_the_votes_and_the_conclusion(db: None) -> None:
    session, start = await booked_public_hearing("v8")
    for officer in officers(session):
        await vote(session, officer, PanelView.NOT_SUPPORTED, start)
    whole = await record.session_record(session.id)
    assert len(whole.votes) == 3
    assert whole.conclusion[0].result is PanelResult.NOT_SUPPORTED


async def test_two_posts_of_the_same_view_at_once_leave_one_vote(db: None) -> None:
    session, start = await booked_public_hearing("v9")
    officer = officers(session)[0]
    await asyncio.gather(
        vote(session, officer, PanelView.SUPPORTED, start),
        vote(session, officer, PanelView.NOT_SUPPORTED, start),
    )
    assert len(await panel.votes_of(session.id)) == 1
