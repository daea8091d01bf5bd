"""The petitioner's evaluation of how a closed case was handled (满意度评价)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from core.errors import Conflict
from hearing.cases.clock import CaseClock, require_closed


class Rating(StrEnum):
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    NOT_SATISFIED = "not_satisfied"


def check_can_rate(clock: CaseClock, current: Rating | None) -> None:
    """A case is rated once, after its reply (closing)."""
    require_closed(clock, "rating")
    if current is not None:
        raise Conflict(
            f"the case was already rated {current.value}",
            code="satisfaction_already_recorded",
            field="rating",
        )


@dataclass(frozen=True)
class OrganizationTally:
    """How the cases one organisation handled were rated."""

    organization_id: UUID
    satisfied: int = 0
    basically_satisfied: int = 0
    not_satisfied: int = 0

    @property
    def total(self) -> int:
        return self.satisfied + self.basically_satisfied + self.not_satisfied


def tally(counts: Iterable[tuple[UUID, Rating, int]]) -> list[OrganizationTally]:
    """One tally per organisation from (organisation, rating, number of cases) counts."""
    by_organization: dict[UUID, dict[str, int]] = {}
    for organization_id, rating, number in counts:
        ratings = by_organization.setdefault(organization_id, {})
        ratings[rating.value] = ratings.get(rating.value, 0) + number
    return [
        OrganizationTally(organization_id, **ratings)
        for organization_id, ratings in sorted(by_organization.items(), key=lambda i: str(i[0]))
    ]
