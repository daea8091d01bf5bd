"""Why a slot search found nothing: the sentences of ``SlotSearchResult.reason``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from scheduling.slots.query import Room, SlotQuery


def _minutes(length: timedelta) -> str:
    return f"{length.total_seconds() / 60:g} minutes"


def explain_empty(
    query: SlotQuery,
    blocking: list[str],
    rooms: Sequence[Room] | None,
    suitable: list[Room] | None,
    *,
    window_has_start: bool,
) -> str:
    """A sentence (or a few) saying why no slot was found.

    ``window_has_start`` tells whether the window (after notice) holds any grid start at all;
    ``blocking`` names the attendees (and "rooms") with no allowed start in it.
    """
    length = _minutes(query.duration)
    if not window_has_start:
        if query.earliest_start > query.not_before:
            return (
                f"The notice period ({_minutes(query.notice)}) moves the earliest start to "
                f"{query.earliest_start.isoformat()}, leaving no {length} slot before "
                f"{query.not_after.isoformat()}."
            )
        return f"The window is too short for a {length} slot on the {_minutes(query.grid)} grid."
    sentences: list[str] = []
    people = [blocker for blocker in blocking if blocker != "rooms"]
    if people:
        sentences.append(f"No free time of {length} in the window for: {', '.join(people)}.")
    if rooms is not None and not rooms:
        sentences.append("No suitable room: no rooms were offered.")
    elif rooms is not None and not suitable:
        features = ", ".join(sorted(query.required_features)) or "none"
        sentences.append(
            f"No suitable room: none has {query.head_count} seats, {query.observer_seats} "
            f"public seats and the features required ({features})."
        )
    elif "rooms" in blocking and suitable:
        names = ", ".join(room.id for room in suitable)
        sentences.append(f"No suitable room ({names}) is free for {length} in the window.")
    if not sentences:
        sentences.append(
            f"Every required person{' and a room' if rooms is not None else ''} has free time "
            f"in the window, but never the same {length} together."
        )
    return " ".join(sentences)
