"""The hearing panel's conclusion: majority of hearing officers, every dissent kept (rule 7).

The panel is the session's hearing officers. A view concludes an agenda item when more than
half of the whole panel holds it, so an abstention, or an officer who has not voted yet, counts
in the panel's size but for no view; a tie or a split is ``no_majority``, stated as such. The
conclusion advises the case decision, which cites it but is not bound by it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from core.errors import RuleViolation


class PanelView(StrEnum):
    SUPPORTED = "supported"
    PARTLY_SUPPORTED = "partly_supported"
    NOT_SUPPORTED = "not_supported"
    ABSTAIN = "abstain"


class PanelResult(StrEnum):
    SUPPORTED = "supported"
    PARTLY_SUPPORTED = "partly_supported"
    NOT_SUPPORTED = "not_supported"
    NO_MAJORITY = "no_majority"


@dataclass(frozen=True)
class Vote:
    person_id: str
    agenda_item: str
    view: PanelView
    opinion: str | None = None


@dataclass(frozen=True)
class Dissent:
    person_id: str
    view: PanelView
    opinion: str | None


@dataclass(frozen=True)
class ItemConclusion:
    agenda_item: str
    #: Every view with its number of votes, abstentions and zeros included.
    counts: dict[PanelView, int]
    result: PanelResult
    dissents: tuple[Dissent, ...]
    panel_size: int
    #: Hearing officers who have not voted on this item yet.
    not_voted: tuple[str, ...]


def check_vote(
    person_id: str, agenda_item: str, panel: Sequence[str], agenda: Sequence[str]
) -> None:
    """Refuse a vote from someone off the panel or on an item that is not on the agenda."""
    if person_id not in panel:
        raise RuleViolation(
            f"{person_id} is not a hearing officer of this session and cannot vote",
            code="not_a_hearing_officer",
            field="person_id",
        )
    if agenda_item not in agenda:
        raise RuleViolation(
            f"{agenda_item!r} is not on the session's agenda",
            code="unknown_agenda_item",
            field="agenda_item",
        )


def conclude_item(agenda_item: str, votes: Sequence[Vote], panel: Sequence[str]) -> ItemConclusion:
    """The panel's conclusion on one item; votes from outside the panel or on other items
    are not counted."""
    members = list(dict.fromkeys(panel))
    by_member = {
        vote.person_id: vote
        for vote in votes
        if vote.agenda_item == agenda_item and vote.person_id in members
    }
    counts = dict.fromkeys(PanelView, 0)
    for vote in by_member.values():
        counts[vote.view] += 1
    result = _majority(counts, len(members))
    dissents = tuple(
        Dissent(member, by_member[member].view, by_member[member].opinion)
        for member in members
        if member in by_member and by_member[member].view not in (PanelView.ABSTAIN, result.value)
    )
    return ItemConclusion(
        agenda_item=agenda_item,
        counts=counts,
        result=result,
        dissents=dissents,
        panel_size=len(members),
        not_voted=tuple(member for member in members if member not in by_member),
    )


def conclude(
    agenda: Sequence[str], votes: Sequence[Vote], panel: Sequence[str]
) -> tuple[ItemConclusion, ...]:
    """The conclusion on every agenda item, in the agenda's order."""
    return tuple(conclude_item(item, votes, panel) for item in agenda)


def _majority(counts: dict[PanelView, int], panel_size: int) -> PanelResult:
    for view, count in counts.items():
        if view is not PanelView.ABSTAIN and count * 2 > panel_size:
            return PanelResult(view.value)
    return PanelResult.NO_MAJORITY
