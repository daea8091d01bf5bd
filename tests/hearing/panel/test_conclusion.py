"""The panel's conclusion (rule 7): majority of the whole panel, every dissent kept."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import RuleViolation
from hearing.panel.conclusion import (
    Dissent,
    PanelResult,
    PanelView,
    Vote,
    check_vote,
    conclude,
    conclude_item,
)

PANEL = ("wang", "li", "zhang")
ITEM = "补偿标准"
S, P, N, A = (
    PanelView.SUPPORTED,
    PanelView.PARTLY_SUPPORTED,
    PanelView.NOT_SUPPORTED,
    PanelView.ABSTAIN,
)


def votes(*views: PanelView, item: str = ITEM) -> list[Vote]:
    return [
        Vote(member, item, view, f"{member} thinks so")
        for member, view in zip(PANEL, views, strict=False)
    ]


def test_majority_view_is_the_result_and_the_dissent_is_kept() -> None:
    conclusion = conclude_item(ITEM, votes(S, S, N), PANEL)
    assert conclusion.result is PanelResult.SUPPORTED
    assert conclusion.dissents == (Dissent("zhang", N, "zhang thinks so"),)
    assert conclusion.counts == {S: 2, P: 0, N: 1, A: 0}


def test_unanimous_panel_has_no_dissent() -> None:
    conclusion = conclude_item(ITEM, votes(N, N, N), PANEL)
    assert (conclusion.result, conclusion.dissents) == (PanelResult.NOT_SUPPORTED, ())


def test_a_three_way_split_has_no_majority_and_keeps_every_vote() -> None:
    conclusion = conclude_item(ITEM, votes(S, P, N), PANEL)
    assert conclusion.result is PanelResult.NO_MAJORITY
    assert [d.person_id for d in conclusion.dissents] == list(PANEL)


def test_abstentions_count_in_the_panel_size_so_one_for_and_two_abstaining_is_no_majority() -> None:
    conclusion = conclude_item(ITEM, votes(S, A, A), PANEL)
    assert conclusion.result is PanelResult.NO_MAJORITY
    assert conclusion.counts[A] == 2
    assert conclusion.panel_size == 3


def test_an_abstention_is_no_dissent() -> None:
    conclusion = conclude_item(ITEM, votes(S, S, A), PANEL)
    assert (conclusion.result, conclusion.dissents) == (PanelResult.SUPPORTED, ())


def test_a_majority_of_abstentions_is_no_result() -> None:
    assert conclude_item(ITEM, votes(A, A, S), PANEL).result is PanelResult.NO_MAJORITY


def test_officers_who_have_not_voted_count_in_the_panel_and_are_named() -> None:
    conclusion = conclude_item(ITEM, votes(S), PANEL)
    assert conclusion.result is PanelResult.NO_MAJORITY
    assert conclusion.not_voted == ("li", "zhang")


def test_two_of_three_is_enough_before_the_third_votes() -> None:
    assert conclude_item(ITEM, votes(P, P), PANEL).result is PanelResult.PARTLY_SUPPORTED


def test_a_tie_on_an_even_count_of_votes_is_no_majority() -> None:
    panel = ("a", "b", "c", "d", "e")
    tied = [Vote("a", ITEM, S), Vote("b", ITEM, S), Vote("c", ITEM, N), Vote("d", ITEM, N)]
    assert conclude_item(ITEM, tied, panel).result is PanelResult.NO_MAJORITY


def test_votes_on_other_items_and_from_outside_the_panel_are_not_counted() -> None:
    stray = [Vote("observer", ITEM, N), *votes(N, N, N, item="其他")]
    conclusion = conclude_item(ITEM, [*stray, *votes(S, S)], PANEL)
    assert conclusion.counts[N] == 0
    assert conclusion.result is PanelResult.SUPPORTED


def test_every_agenda_item_is_concluded_in_agenda_order() -> None:
    agenda = ("第二项", ITEM)
    concluded = conclude(agenda, votes(S, S, S), PANEL)
    assert [c.agenda_item for c in concluded] == list(agenda)
    assert [c.result for c in concluded] == [PanelResult.NO_MAJORITY, PanelResult.SUPPORTED]


def test_a_hearing_officer_may_vote_on_an_agenda_item() -> None:
    check_vote("li", ITEM, PANEL, (ITEM,))


def test_someone_off_the_panel_may_not_vote() -> None:
    with pytest.raises(RuleViolation) as caught:
        check_vote("presiding", ITEM, PANEL, (ITEM,))
    assert (caught.value.code, caught.value.field) == ("not_a_hearing_officer", "person_id")


def test_a_vote_on_an_item_not_on_the_agenda_is_refused() -> None:
    with pytest.raises(RuleViolation) as caught:
        check_vote("li", "not listed", PANEL, (ITEM,))
    assert (caught.value.code, caught.value.field) == ("unknown_agenda_item", "agenda_item")


@settings(max_examples=300, deadline=None)
@given(
    size=st.integers(min_value=0, max_value=4).map(lambda half: 2 * half + 1),
    data=st.data(),
)
def test_the_result_is_a_view_held_by_more_than_half_of_the_panel(
    size: int, data: st.DataObject
) -> None:
    panel = [f"officer-{n}" for n in range(size)]
    cast = data.draw(st.lists(st.sampled_from([*PanelView, None]), min_size=size, max_size=size))
    ballots = [Vote(m, ITEM, view) for m, view in zip(panel, cast, strict=True) if view]
    conclusion = conclude_item(ITEM, ballots, panel)
    tally = Counter(view for view in cast if view is not None)
    winners = [v for v in PanelView if v is not A and tally[v] * 2 > size]
    expected = PanelResult(winners[0].value) if winners else PanelResult.NO_MAJORITY
    assert conclusion.result is expected
    assert sum(conclusion.counts.values()) == len(ballots)
    assert {d.person_id for d in conclusion.dissents} == {
        b.person_id for b in ballots if b.view is not A and b.view.value != expected.value
    }
    assert len(conclusion.not_voted) == size - len(ballots)
