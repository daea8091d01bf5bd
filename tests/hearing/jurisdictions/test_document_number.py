"""The document number pattern of a jurisdiction: what it prints and which patterns are refused."""

from __future__ import annotations

import pytest

from core.errors import RuleViolation
from hearing.jurisdictions.document_number import (
    DEFAULT_DOCUMENT_NUMBER_PATTERN,
    check_document_number_pattern,
    format_document_number,
)


def test_the_default_pattern_prints_the_year_and_a_four_digit_number() -> None:
    assert format_document_number(DEFAULT_DOCUMENT_NUMBER_PATTERN, 2027, 1) == "〔2027〕第0001号"
    assert format_document_number(DEFAULT_DOCUMENT_NUMBER_PATTERN, 2028, 12345) == (
        "〔2028〕第12345号"
    )


@pytest.mark.parametrize(
    "pattern", ["某信听〔{year}〕{number}号", "{number:03d}/{year}", "{number}"]
)
def test_patterns_naming_the_number_are_accepted(pattern: str) -> None:
    assert check_document_number_pattern(pattern) == pattern


@pytest.mark.parametrize(
    "pattern",
    [
        "",
        "   ",
        "〔{year}〕号",  # no number: every minutes of a year would print the same one
        "{count}",
        "{number.real}",
        "{number[0]}",
        "{0}{number}",
        "{}{number}",
        "{number",
        "number}",
        "{number:x>999999}",
        "{number:{year}}",
        "{number:s}",
        "x" * 101 + "{number}",
    ],
)
def test_bad_patterns_are_refused_naming_the_field(pattern: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        check_document_number_pattern(pattern)
    assert (refused.value.code, refused.value.field) == (
        "invalid_document_number_pattern",
        "document_number_pattern",
    )
