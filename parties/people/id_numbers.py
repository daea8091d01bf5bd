"""Resident identity card numbers (居民身份证号码, GB 11643-1999).

An 18-character number is a 6-digit region code, the birth date (YYYYMMDD), a 3-digit
sequence and a check character (ISO 7064 MOD 11-2: a digit or X). The first-generation cards
carry 15 digits: the region, the birth date as YYMMDD (in the 1900s) and the sequence, no check.
A mistyped number caught here is one the petition office does not have to chase later.
"""

from __future__ import annotations

from datetime import date

from core.errors import RuleViolation

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARACTERS = "10X98765432"


def check_character(first_17: str) -> str:
    """The check character of an 18-character number from its first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first_17, _WEIGHTS, strict=True))
    return _CHECK_CHARACTERS[total % 11]


def normalised_id_number(text: str, field: str = "id_number") -> str:
    """The number as stored (a lower-case check x written X), or a 422 naming ``field``."""
    number = text.strip().upper()
    if len(number) == 18 and number[:17].isdigit() and number[17] in _CHECK_CHARACTERS:
        if check_character(number[:17]) != number[17]:
            raise _invalid("its check character does not match: it has been mistyped", field)
        birth = number[6:14]
    elif len(number) == 15 and number.isdigit():
        birth = "19" + number[6:12]
    else:
        raise _invalid("it must be 18 characters (17 digits and a digit or X) or 15 digits", field)
    if not _is_birth_date(birth):
        raise _invalid(f"{birth} is not a birth date", field)
    return number


def _is_birth_date(yyyymmdd: str) -> bool:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return False
    return born.year >= 1900


def _invalid(reason: str, field: str) -> RuleViolation:
    return RuleViolation(
        f"not a resident ID number: {reason}", code="invalid_id_number", field=field
    )
