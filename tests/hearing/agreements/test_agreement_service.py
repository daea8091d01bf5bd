"""The mediation agreement through the services, on the engine DATABASE_URL selects."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from core.access import Role, Viewer
from core.errors import Conflict, Forbidden, NotFound, RuleViolation
from hearing.agreements import service as agreements
from hearing.agreements.agreement import AgreementContent, Decision, Signature, Term
from hearing.cases import service as cases
from hearing.followup import service as followup
from hearing.sessions import service as hearing
from hearing.sessions.views import ParticipantRequest, SessionView
from parties.organizations import service as organizations
from parties.people import service as people
from scheduling.booking import service as booking_service
from tests.support.builders import make_room, mediation_session, person
from tests.support.flow import next_weekday_at

STAFF = Viewer(uuid4(), "coordinator@test.example", Role.COORDINATOR, None)
NOW = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)


def participant(person_id: UUID) -> Viewer:
    return Viewer(uuid4(), "p@test.example", Role.PARTICIPANT, person_id)


def role_of(session: SessionView, role: str) -> UUID:
    return next(p.person_id for p in session.participants if p.role == role)


async def booked(session: SessionView, suffix: str, hour: int = 10) -> SessionView:
    start = next_weekday_at(hour)
    await booking_service.book_session(
        session.id, start, await make_room(suffix), start - timedelta(days=10)
    )
    return await hearing.get_session(session.id)


async def mediation_with_department(suffix: str) -> SessionView:
    """A booked mediation whose department representative belongs to an organisation."""
    session, _ = await mediation_session(suffix)
    bureau = await organizations.create_organization(f"住建局 {suffix}", "government_department")
    department = await person("李科长", f"dep{suffix}@x.cn", bureau.id)
    participants = [
        ParticipantRequest(p.person_id, p.role)
        for p in session.participants
        if p.role != "department"
    ]
    composed = await hearing.create_session(
        "mediation",
        session.case_id,
        "调解",
        60,
        "zh-CN",
        [*participants, ParticipantRequest(department, "department")],
        [],
        NOW,
    )
    return await booked(composed, suffix)


def content_of(session: SessionView, facts: str = "事实") -> AgreementContent:
    term = Term(role_of(session, "department"), "重新核算", "书面报告", date(2027, 6, 1))
    return AgreementContent(session.id, facts, ("补偿标准",), (term,))


async def sign_all(session: SessionView, version: str) -> agreements.AgreementView:
    view = None
    for role in ("petitioner", "department", "mediator"):
        signature = Signature(role_of(session, role), Decision.SIGN, version)
        view = await agreements.sign_agreement(STAFF, session.id, signature, NOW)
    assert view is not None
    return view


async def test_the_draft_is_replaced_until_someone_signs(db) -> None:
    session = await mediation_with_department("a1")
    first = await agreements.draft_agreement(STAFF, content_of(session), NOW)
    second = await agreements.draft_agreement(STAFF, content_of(session, "更正后的事实"), NOW)
    assert (second.status, second.facts) == ("draft", "更正后的事实")
    assert second.version_sha256 != first.version_sha256

    petitioner = role_of(session, "petitioner")
    await agreements.sign_agreement(
        participant(petitioner),
        session.id,
        Signature(petitioner, Decision.SIGN, second.version_sha256),
        NOW,
    )
    with pytest.raises(Conflict) as caught:
        await agreements.draft_agreement(STAFF, content_of(session), NOW)
    assert caught.value.code == "agreement_signing_started"


async def test_an_effective_agreement_turns_each_term_into_an_action_item(db) -> None:
    session = await mediation_with_department("a2")
    draft = await agreements.draft_agreement(STAFF, content_of(session), NOW)
    effective = await sign_all(session, draft.version_sha256)
    assert (effective.status, effective.pending_signers) == ("effective", ())

    (item,) = await followup.action_items_of(session.id)
    department = role_of(session, "department")
    bureau = (await people.get_person(department)).organization_id
    assert (item.title, item.due_date, item.assignee_id) == (
        "重新核算",
        date(2027, 6, 1),
        department,
    )
    assert (item.owner_organization_id, item.status) == (bureau, "open")


async def test_a_refusal_makes_it_refused_and_creates_no_action_items(db) -> None:
    session = await mediation_with_department("a3")
    draft = await agreements.draft_agreement(STAFF, content_of(session), NOW)
    refusal = Signature(role_of(session, "petitioner"), Decision.REFUSE, draft.version_sha256, "低")
    refused = await agreements.sign_agreement(STAFF, session.id, refusal, NOW)
    assert refused.status == "refused"
    assert await followup.action_items_of(session.id) == ()


async def test_only_a_mediation_has_an_agreement_and_obligors_are_its_parties(db) -> None:
    session = await mediation_with_department("a4")
    content = content_of(session)
    stranger = replace(content.terms[0], obligor_id=role_of(session, "mediator"))
    with pytest.raises(RuleViolation) as caught:
        await agreements.draft_agreement(STAFF, replace(content, terms=(stranger,)), NOW)
    assert caught.value.code == "obligor_not_a_party"

    case = await cases.create_case(cases.NewCase(reference="XF-a4b", title="t"), NOW)
    reception = await hearing.create_session(
        "joint_reception",
        case.id,
        "联合接访",
        60,
        "zh-CN",
        [
            ParticipantRequest(p.person_id, p.role)
            for p in session.participants
            if p.role != "mediator"
        ],
        [],
        NOW,
    )
    reception = await booked(reception, "a4b", hour=14)
    with pytest.raises(RuleViolation) as caught:
        await agreements.draft_agreement(STAFF, replace(content, session_id=reception.id), NOW)
    assert caught.value.code == "agreement_mediation_only"


async def test_participants_see_and_sign_only_their_own(db) -> None:
    session = await mediation_with_department("a5")
    other, _ = await mediation_session("a6")
    draft = await agreements.draft_agreement(STAFF, content_of(session), NOW)
    petitioner = participant(role_of(session, "petitioner"))

    assert (await agreements.get_agreement_for(petitioner, session.id)).version_sha256 == (
        draft.version_sha256
    )
    with pytest.raises(NotFound):
        await agreements.get_agreement_for(petitioner, other.id)
    with pytest.raises(Forbidden):
        await agreements.draft_agreement(petitioner, content_of(session), NOW)
    for_the_mediator = Signature(role_of(session, "mediator"), Decision.SIGN, draft.version_sha256)
    with pytest.raises(Forbidden) as caught:
        await agreements.sign_agreement(petitioner, session.id, for_the_mediator, NOW)
    assert caught.value.code == "not_your_record"
