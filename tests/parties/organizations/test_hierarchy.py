"""An organisation's parent must exist and must not be the organisation or its descendant."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.errors import RuleViolation
from parties.organizations.hierarchy import check_parent

CITY, BUREAU, OFFICE = uuid4(), uuid4(), uuid4()
#: city <- bureau <- office
TREE = {CITY: None, BUREAU: CITY, OFFICE: BUREAU}


def test_no_parent_is_always_allowed() -> None:
    check_parent(BUREAU, None, TREE)


def test_an_existing_organisation_higher_up_may_be_the_parent() -> None:
    check_parent(OFFICE, CITY, TREE)
    check_parent(None, OFFICE, TREE)


def test_a_parent_that_does_not_exist_is_refused() -> None:
    with pytest.raises(RuleViolation) as caught:
        check_parent(None, uuid4(), TREE)
    assert (caught.value.code, caught.value.field) == ("parent_organization_not_found", "parent_id")


@pytest.mark.parametrize(("organization", "parent"), [(BUREAU, BUREAU), (CITY, OFFICE)])
def test_an_organisation_cannot_be_its_own_ancestor(organization, parent) -> None:
    with pytest.raises(RuleViolation) as caught:
        check_parent(organization, parent, TREE)
    assert (caught.value.code, caught.value.field) == ("organization_cycle", "parent_id")
