from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import RuleViolation
from hearing.proceedings.panel import Dissent, panel_conclusion

PANEL = ("wang", "li", "zhang")


def test_majority_view_is_the_conclusion_and_the_dissent_is_kept() -> None:
    votes = {"wang": "uphold", "li": "uphold", "zhang": "reject"}
    conclusion = panel_conclusion(votes, PANEL)
    assert conclusion.view == "uphold"
    assert (conclusion.votes_for, conclusion.panel_size) == (2, 3)
    assert conclusion.dissents == (Dissent("zhang", "reject"),)


def test_unanimous_panel_has_no_dissent() -> None:
    conclusion = panel_conclusion(dict.fromkeys(PANEL, "reject"), PANEL)
    assert conclusion.dissents == ()
    assert conclusion.votes_for == 3


def test_conclusion_is_advisory() -> None:
    assert panel_conclusion(dict.fromkeys(PANEL, "uphold"), PANEL).advisory is True


def test_incomplete_voting_is_refused() -> None:
    with pytest.raises(RuleViolation) as caught:
        panel_conclusion({"wang": "uphold", "li": "uphold"}, PANEL)
    assert (caught.value.code, caught.value.field) == ("panel_vote_incomplete", "votes")
    assert caught.value.extra["missing"] == ["zhang"]


def test_vote_from_outside_the_panel_is_refused() -> None:
    votes = {**dict.fromkeys(PANEL, "uphold"), "observer": "reject"}
    with pytest.raises(RuleViolation) as caught:
        panel_conclusion(votes, PANEL)
    assert (caught.value.code, caught.value.field) == (
        "vote_from_non_panel_member",
        "votes[observer]",
    )


def test_blank_view_is_refused() -> None:
    with pytest.raises(RuleViolation) as caught:
        panel_conclusion({"wang": "uphold", "li": " ", "zhang": "uphold"}, PANEL)
    assert caught.value.code == "vote_view_required"


def test_even_panel_is_refused() -> None:
    with pytest.raises(RuleViolation) as caught:
        panel_conclusion(dict.fromkeys(PANEL[:2], "uphold"), PANEL[:2])
    assert (caught.value.code, caught.value.field) == ("panel_size_invalid", "panel")


def test_panel_listing_a_member_twice_is_refused() -> None:
    with pytest.raises(RuleViolation) as caught:
        panel_conclusion({"wang": "uphold", "li": "uphold"}, ("wang", "li", "wang"))
    assert caught.value.code == "duplicate_participant"


def test_three_way_split_has_no_majority() -> None:
    votes = {"wang": "uphold", "li": "reject", "zhang": "partly uphold"}
    with pytest.raises(RuleViolation) as caught:
        panel_conclusion(votes, PANEL)
    assert caught.value.code == "panel_no_majority"


odd_panels = st.integers(min_value=0, max_value=4).map(lambda half: 2 * half + 1)


@settings(max_examples=200, deadline=None)
@given(size=odd_panels, data=st.data())
def test_two_way_vote_concludes_with_the_larger_side(size: int, data: st.DataObject) -> None:
    panel = [f"officer-{n}" for n in range(size)]
    choices = data.draw(st.lists(st.booleans(), min_size=size, max_size=size))
    votes = {
        member: "uphold" if upholds else "reject"
        for member, upholds in zip(panel, choices, strict=True)
    }
    upholding = sum(choices)
    conclusion = panel_conclusion(votes, panel)
    expected = "uphold" if upholding > size - upholding else "reject"
    assert conclusion.view == expected
    assert conclusion.votes_for == max(upholding, size - upholding)
    minority = {member for member, view in votes.items() if view != expected}
    assert {dissent.person_id for dissent in conclusion.dissents} == minority
    assert all(dissent.view == votes[dissent.person_id] for dissent in conclusion.dissents)


@settings(max_examples=200, deadline=None)
@given(
    size=odd_panels,
    data=st.data(),
)
def test_many_views_conclude_only_on_a_strict_majority(size: int, data: st.DataObject) -> None:
    panel = [f"officer-{n}" for n in range(size)]
    views = data.draw(st.lists(st.sampled_from("ABC"), min_size=size, max_size=size))
    votes = dict(zip(panel, views, strict=True))
    top_view, top_count = Counter(views).most_common(1)[0]
    if top_count * 2 > size:
        conclusion = panel_conclusion(votes, panel)
        assert conclusion.view == top_view
        assert len(conclusion.dissents) == size - top_count
        assert [d.person_id for d in conclusion.dissents] == [
            member for member in panel if votes[member] != top_view
        ]
    else:
        with pytest.raises(RuleViolation) as caught:
            panel_conclusion(votes, panel)
        assert caught.value.code == "panel_no_majority"
