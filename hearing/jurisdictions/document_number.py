"""The document number a jurisdiction prints on its minutes (文号): a pattern filled with the year
and a running number; the default prints the 2027 minutes numbered 1 as 〔2027〕第0001号."""  # noqa: RUF002

from __future__ import annotations

import re
import string

from core.errors import RuleViolation

DEFAULT_DOCUMENT_NUMBER_PATTERN = "〔{year}〕第{number:04d}号"
MAX_PATTERN_LENGTH = 100
_FIELDS = frozenset({"year", "number"})
#: Zero-padding to a width of at most 99 ("04d"): a wider one would print absurdly long numbers.
_FORMAT_SPEC = re.compile(r"0?[0-9]?[0-9]?d?")


def format_document_number(pattern: str, year: int, number: int) -> str:
    return pattern.format(year=year, number=number)


def check_document_number_pattern(pattern: str, field: str = "document_number_pattern") -> str:
    """The pattern, if it names only ``{year}`` and ``{number}`` (the number required, so two
    minutes never print the same number) and formats; otherwise a 422 naming ``field``."""

    def invalid(reason: str) -> RuleViolation:
        return RuleViolation(
            f"document number pattern {pattern!r}: {reason}",
            code="invalid_document_number_pattern",
            field=field,
        )

    if not pattern.strip() or len(pattern) > MAX_PATTERN_LENGTH:
        raise invalid(f"must be 1 to {MAX_PATTERN_LENGTH} characters")
    try:
        fields = [
            (name, spec)
            for _, name, spec, _ in string.Formatter().parse(pattern)
            if name is not None
        ]
    except ValueError as error:
        raise invalid(str(error)) from None
    names = [name for name, _ in fields]
    # Attribute and index look-ups ({year.real}, {number[0]}) are refused with the rest:
    # a setting must not reach into Python objects.
    unknown = sorted(set(names) - _FIELDS)
    if unknown:
        raise invalid(f"only {{year}} and {{number}} may be used, not {{{unknown[0]}}}")
    if "number" not in names:
        raise invalid("must contain {number}")
    if not all(_FORMAT_SPEC.fullmatch(spec or "") for _, spec in fields):
        raise invalid("a field may only be zero-padded to a width, as in {number:04d}")
    try:
        first, second = (format_document_number(pattern, 2027, n) for n in (1, 2))
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise invalid(str(error)) from None
    if first == second:
        raise invalid("must print different numbers differently")
    return pattern
