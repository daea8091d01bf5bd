from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from core.errors import Conflict
from hearing.cases.clock import accept, close, register
from hearing.cases.satisfaction.ratings import (
    OrganizationTally,
    Rating,
    check_can_rate,
    tally,
)
from hearing.jurisdictions.rules import JurisdictionRules

RULES = JurisdictionRules()
OPEN = accept(register(date(2027, 1, 4), RULES), date(2027, 1, 5), RULES)
CLOSED = close(OPEN, date(2027, 2, 1))
A, B = UUID(int=1), UUID(int=2)


def test_a_closed_case_is_rated_once() -> None:
    check_can_rate(CLOSED, None)
    with pytest.raises(Conflict) as caught:
        check_can_rate(CLOSED, Rating.SATISFIED)
    assert (caught.value.code, caught.value.field) == ("satisfaction_already_recorded", "rating")


def test_an_open_case_is_not_rated() -> None:
    with pytest.raises(Conflict) as caught:
        check_can_rate(OPEN, None)
    assert (caught.value.code, caught.value.field) == ("case_not_closed", "rating")


def test_tally_counts_each_rating_per_organisation() -> None:
    counts = [
        (B, Rating.NOT_SATISFIED, 1),
        (A, Rating.SATISFIED, 3),
        (A, Rating.BASICALLY_SATISFIED, 1),
    ]
    assert tally(counts) == [
        OrganizationTally(A, satisfied=3, basically_satisfied=1),
        OrganizationTally(B, not_satisfied=1),
    ]
    assert [t.total for t in tally(counts)] == [4, 1]
