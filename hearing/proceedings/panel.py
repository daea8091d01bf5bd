"""The hearing panel's conclusion: majority of hearing officers, every dissent kept (rule 7)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from core.errors import RuleViolation


@dataclass(frozen=True)
class Dissent:
    person_id: str
    view: str


@dataclass(frozen=True)
class PanelConclusion:
    """The majority view; it advises the case decision, which cites it but is not bound by it."""

    view: str
    votes_for: int
    panel_size: int
    dissents: tuple[Dissent, ...]
    advisory: bool = True


def panel_conclusion(votes: Mapping[str, str], panel: Sequence[str]) -> PanelConclusion:
    """Conclude by strict majority; ``votes`` maps each hearing officer to their view."""
    _check_panel(panel)
    _check_votes(votes, panel)
    tally = Counter(votes[member] for member in panel)
    view, votes_for = tally.most_common(1)[0]
    if votes_for * 2 <= len(panel):
        raise RuleViolation(
            f"no view has a majority of the {len(panel)} hearing officers: {dict(tally)}",
            code="panel_no_majority",
            field="votes",
        )
    dissents = tuple(Dissent(member, votes[member]) for member in panel if votes[member] != view)
    return PanelConclusion(view, votes_for, len(panel), dissents)


def _check_panel(panel: Sequence[str]) -> None:
    if len(set(panel)) != len(panel):
        raise RuleViolation(
            "a hearing officer is listed twice on the panel",
            code="duplicate_participant",
            field="panel",
        )
    if len(panel) % 2 == 0:
        raise RuleViolation(
            f"a panel has an odd number of hearing officers, not {len(panel)}",
            code="panel_size_invalid",
            field="panel",
        )


def _check_votes(votes: Mapping[str, str], panel: Sequence[str]) -> None:
    members = set(panel)
    for person_id, view in votes.items():
        if person_id not in members:
            raise RuleViolation(
                f"{person_id} is not on the panel and cannot vote",
                code="vote_from_non_panel_member",
                field=f"votes[{person_id}]",
            )
        if not view.strip():
            raise RuleViolation(
                f"{person_id} gave no view", code="vote_view_required", field=f"votes[{person_id}]"
            )
    missing = [member for member in panel if member not in votes]
    if missing:
        raise RuleViolation(
            f"waiting for the votes of {', '.join(missing)}",
            code="panel_vote_incomplete",
            field="votes",
            extra={"missing": missing},
        )
