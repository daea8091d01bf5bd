"""Resident ID numbers: 18 characters with their check character, or the old 15 digits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import RuleViolation
from parties.people.id_numbers import check_character, normalised_id_number

# GB 11643-1999's own example, and one whose check character is X.
EXAMPLE = "11010519491231002X"


def rejected(text: str) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        normalised_id_number(text)
    assert (caught.value.code, caught.value.field) == ("invalid_id_number", "id_number")
    return caught.value


def test_the_standard_s_example_is_accepted() -> None:
    assert check_character(EXAMPLE[:17]) == "X"
    assert normalised_id_number(EXAMPLE) == EXAMPLE


def test_a_lower_case_x_is_stored_upper_case() -> None:
    assert normalised_id_number(EXAMPLE.lower()) == EXAMPLE


def test_a_fifteen_digit_number_of_the_first_card_generation_is_accepted() -> None:
    assert normalised_id_number("110105491231002") == "110105491231002"


@given(st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9))
def test_any_single_mistyped_digit_breaks_the_check(position: int, shift: int) -> None:
    digits = list(EXAMPLE)
    digits[position] = str((int(digits[position]) + shift) % 10)
    mistyped = "".join(digits)
    if mistyped[6:14] != EXAMPLE[6:14]:
        # The birth date may have become impossible too; either way it is refused.
        rejected(mistyped)
    else:
        assert "check character" in rejected(mistyped).message


@pytest.mark.parametrize(
    "text", ["", "1101051949123100", "11010519491231002Y", "1101051949123100XX", "abc"]
)
def test_other_forms_are_refused(text: str) -> None:
    rejected(text)


def test_an_impossible_birth_date_is_refused() -> None:
    first_17 = "11010519490231002"  # 31 February 1949
    assert "birth date" in rejected(first_17 + check_character(first_17)).message
    assert "birth date" in rejected("110105491331002").message
