"""Reviews and re-reviews through the services, and the matter that is final after them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from core.access import Role, Viewer
from core.errors import Conflict, NotFound, RuleViolation
from hearing.cases import service as cases
from hearing.cases.clock import Light
from hearing.cases.reviews import service as reviews
from hearing.cases.reviews.windows import ReviewLevel
from hearing.cases.service import NewCase

ADMIN = Viewer(uuid4(), "admin@test.example", Role.ADMIN, None)
PARTICIPANT = Viewer(uuid4(), "p@test.example", Role.PARTICIPANT, uuid4())
NOW = datetime(2027, 4, 1, 2, 0, tzinfo=UTC)
CLOSED_ON = date(2027, 3, 1)


async def closed_case(reference: str) -> cases.CaseView:
    new = NewCase(reference, "甲", registered_on=date(2027, 1, 4), accepted_on=date(2027, 1, 5))
    case = await cases.create_case(new, NOW)
    await cases.close_case(ADMIN, case.id, CLOSED_ON, "已答复", NOW)
    return case


async def test_review_then_re_review_each_with_its_deadline_and_light(db) -> None:
    case = await closed_case("XF-1")
    requested = await reviews.request_review(
        ADMIN, case.id, ReviewLevel.REVIEW, date(2027, 3, 2), NOW
    )
    (review,) = requested.reviews
    # Due 1 April; on 1 April (10:00 in Shanghai) it is still on time.
    assert (review.level, review.deadline, review.light) == ("review", date(2027, 4, 1), "green")
    assert requested.light == Light.CLOSED
    decided = await reviews.decide_review(
        ADMIN, case.id, review.id, date(2027, 3, 20), "维持原处理意见", NOW
    )
    assert (decided.reviews[0].decided_on, decided.reviews[0].light) == (
        date(2027, 3, 20),
        "closed",
    )
    re_reviewed = await reviews.request_review(
        ADMIN, case.id, ReviewLevel.RE_REVIEW, date(2027, 3, 25), NOW
    )
    assert [(r.level, r.deadline) for r in re_reviewed.reviews] == [
        ("review", date(2027, 4, 1)),
        ("re_review", date(2027, 4, 24)),
    ]


async def test_a_review_past_its_deadline_is_red(db) -> None:
    case = await closed_case("XF-2")
    await reviews.request_review(ADMIN, case.id, ReviewLevel.REVIEW, date(2027, 3, 1), NOW)
    (review,) = (await cases.case_for(ADMIN, case.id, NOW)).reviews
    assert (review.deadline, review.light) == (date(2027, 3, 31), "red")


async def test_review_requests_are_refused_outside_their_rules(db) -> None:
    case = await closed_case("XF-3")
    with pytest.raises(RuleViolation) as late:
        await reviews.request_review(ADMIN, case.id, ReviewLevel.REVIEW, date(2027, 4, 1), NOW)
    assert (late.value.code, late.value.field) == ("review_window_passed", "requested_on")
    with pytest.raises(RuleViolation) as first:
        await reviews.request_review(ADMIN, case.id, ReviewLevel.RE_REVIEW, date(2027, 3, 5), NOW)
    assert first.value.code == "review_required"
    open_case = await cases.create_case(NewCase("XF-4", "乙"), NOW)
    with pytest.raises(Conflict) as not_closed:
        await reviews.request_review(ADMIN, open_case.id, ReviewLevel.REVIEW, date(2027, 4, 1), NOW)
    assert not_closed.value.code == "case_not_closed"
    with pytest.raises(NotFound) as unknown:
        await reviews.decide_review(ADMIN, case.id, uuid4(), date(2027, 3, 5), "x", NOW)
    assert (unknown.value.code, unknown.value.field) == ("review_not_found", "review_id")
    with pytest.raises(NotFound) as hidden:
        await reviews.request_review(
            PARTICIPANT, case.id, ReviewLevel.REVIEW, date(2027, 3, 5), NOW
        )
    assert hidden.value.code == "case_not_found"


async def test_a_new_case_on_a_re_reviewed_matter_is_refused(db) -> None:
    case = await closed_case("XF-5")
    reviewed = await reviews.request_review(
        ADMIN, case.id, ReviewLevel.REVIEW, date(2027, 3, 2), NOW
    )
    await reviews.decide_review(
        ADMIN, case.id, reviewed.reviews[0].id, date(2027, 3, 10), "维持", NOW
    )
    again = await cases.create_case(NewCase("XF-6", "再访", prior_case_id=case.id), NOW)
    assert again.prior_case_id == case.id
    re_reviewed = await reviews.request_review(
        ADMIN, case.id, ReviewLevel.RE_REVIEW, date(2027, 3, 11), NOW
    )
    await reviews.decide_review(
        ADMIN, case.id, re_reviewed.reviews[1].id, date(2027, 3, 30), "维持", NOW
    )
    with pytest.raises(Conflict) as final:
        await cases.create_case(NewCase("XF-7", "再访", prior_case_id=case.id), NOW)
    assert (final.value.code, final.value.field) == ("matter_final", "prior_case_id")
    # The case opened on the matter before it became final belongs to the same matter.
    with pytest.raises(Conflict) as through_later_case:
        await cases.create_case(NewCase("XF-9", "再访", prior_case_id=again.id), NOW)
    assert through_later_case.value.code == "matter_final"
    with pytest.raises(NotFound) as unknown:
        await cases.create_case(NewCase("XF-8", "再访", prior_case_id=uuid4()), NOW)
    assert (unknown.value.code, unknown.value.field) == ("case_not_found", "prior_case_id")


async def test_a_matter_is_final_whichever_of_its_cases_was_re_reviewed(db) -> None:
    first = await closed_case("XF-10")
    second = await cases.create_case(
        NewCase("XF-11", "再访", registered_on=date(2027, 1, 4), prior_case_id=first.id), NOW
    )
    await cases.accept_case(ADMIN, second.id, date(2027, 1, 5), NOW)
    await cases.close_case(ADMIN, second.id, CLOSED_ON, "已答复", NOW)
    reviewed = await reviews.request_review(
        ADMIN, second.id, ReviewLevel.REVIEW, date(2027, 3, 2), NOW
    )
    await reviews.decide_review(
        ADMIN, second.id, reviewed.reviews[0].id, date(2027, 3, 5), "维持", NOW
    )
    unfinished = await cases.create_case(NewCase("XF-12", "三访", prior_case_id=first.id), NOW)
    re_reviewed = await reviews.request_review(
        ADMIN, second.id, ReviewLevel.RE_REVIEW, date(2027, 3, 6), NOW
    )
    await reviews.decide_review(
        ADMIN, second.id, re_reviewed.reviews[1].id, date(2027, 3, 20), "维持", NOW
    )
    for prior in (first.id, second.id, unfinished.id):
        with pytest.raises(Conflict) as final:
            await cases.create_case(NewCase(f"XF-N-{prior}", "再访", prior_case_id=prior), NOW)
        assert final.value.code == "matter_final"
