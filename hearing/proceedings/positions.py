"""Positions (rule 8): each is tied to an item of the session's agenda; an amendment is a new
version of the same person's position on the same item, and every version is kept."""

from __future__ import annotations

from collections.abc import Sequence

from core.errors import RuleViolation


def check_on_agenda(agenda: Sequence[str], agenda_item: str) -> None:
    if agenda_item not in agenda:
        listed = ", ".join(agenda) if agenda else "nothing"
        raise RuleViolation(
            f"{agenda_item!r} is not on the session's agenda (it lists {listed})",
            code="unknown_agenda_item",
            field="agenda_item",
        )


def next_version(current_version: int | None) -> int:
    """The version an amendment gets: one after the current one, or 1 for a first position."""
    return 1 if current_version is None else current_version + 1
