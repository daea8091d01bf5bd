"""The domain errors several minutes capabilities raise, written once."""

from __future__ import annotations

from uuid import UUID

from core.errors import Conflict, NotFound


def minutes_not_found(minutes_id: UUID) -> NotFound:
    """Also what a viewer who may not see the minutes gets, so an id leaks nothing."""
    return NotFound(f"no minutes with id {minutes_id}", code="minutes_not_found", field="id")


def minutes_sealed() -> Conflict:
    return Conflict("the minutes are sealed and cannot change", code="minutes_sealed", field="id")


def minutes_changed() -> Conflict:
    """Another request changed the minutes between reading and writing them."""
    return Conflict("the minutes changed meanwhile; retry", code="minutes_changed", field="id")
