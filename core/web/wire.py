"""What a request body may hold: the base of every body, the constrained strings its fields are
made of, and the checks no type annotation can say (plausible dates, no control characters)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

import msgspec

from core.errors import RuleViolation

#: Control characters, DEL, and the Unicode line breaks: a name or title lands in an email
#: header and an iCalendar property, where a line break starts a header or property of the
#: sender's choosing.
#: ``$`` alone also matches before a final newline (in Python, which checks these patterns).
_END = r"$(?!\n)"
SINGLE_LINE_PATTERN = rf"^[^\x00-\x1f\x7f\x85\u2028\u2029]*{_END}"
#: Statements and reasons keep their tabs and line breaks; other control characters (NUL first)
#: break the PDF, the database text types and every reader downstream.
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
_FORBIDDEN_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")

#: Sessions, busy blocks, deadlines and holidays of a petition office: outside these years a
#: value is a mistake (a Unix 0, a placeholder 0001 or 9999), never a plan.
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100

SingleLine = Annotated[str, msgspec.Meta(pattern=SINGLE_LINE_PATTERN)]
Name = Annotated[SingleLine, msgspec.Meta(min_length=1, max_length=200)]
ShortText = Annotated[SingleLine, msgspec.Meta(min_length=1, max_length=300)]
Label = Annotated[SingleLine, msgspec.Meta(max_length=200)]
Address = Annotated[SingleLine, msgspec.Meta(max_length=500)]
Feature = Annotated[SingleLine, msgspec.Meta(min_length=1, max_length=60)]
Zone = Annotated[SingleLine, msgspec.Meta(min_length=1, max_length=64)]
Phone = Annotated[SingleLine, msgspec.Meta(max_length=40)]
_MAILBOX_PART = r"[^@\s\x00-\x1f\x7f]+"
Email = Annotated[
    str,
    msgspec.Meta(
        pattern=rf"^{_MAILBOX_PART}@{_MAILBOX_PART}\.{_MAILBOX_PART}{_END}", max_length=254
    ),
]
Token = Annotated[str, msgspec.Meta(pattern=rf"^[\x21-\x7e]+{_END}", min_length=1, max_length=500)]
Text = Annotated[str, msgspec.Meta(pattern=TEXT_PATTERN, min_length=1, max_length=20_000)]
Reason = Annotated[str, msgspec.Meta(pattern=TEXT_PATTERN, max_length=2_000)]

#: List sizes far above any real session and far below a mail storm.
MAX_AGENDA_ITEMS = 50
MAX_FEATURES = 30
MAX_HOUR_EXCEPTIONS = 400


class Body(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The base of every request body. An unknown field is refused (400 naming it): a misspelt
    or unsupported field silently ignored (``active: false`` on an account) is a change the
    client believes was made."""


def has_line_break(text: str) -> bool:
    """Whether ``text`` holds a character a single-line field refuses."""
    return _LINE_BREAKING.search(text) is not None


def check_plausible(value: Any, path: str = "") -> None:
    """Refuse (422 naming the field) any string with a control character other than tab and
    line breaks, and any date or time outside the plausible years, anywhere in a decoded body."""
    if isinstance(value, msgspec.Struct):
        for name in value.__struct_fields__:
            check_plausible(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            check_plausible(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_plausible(key, path)
            check_plausible(item, f"{path}.{key}")
    elif isinstance(value, str):
        if _FORBIDDEN_IN_TEXT.search(value):
            raise control_characters(path)
    elif isinstance(value, date) and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        kind = "time" if isinstance(value, datetime) else "date"
        raise RuleViolation(
            f"{path} must be a {kind} in the years {EARLIEST_YEAR}–{LATEST_YEAR}",
            code="implausible_date",
            field=path,
        )


def control_characters(field: str) -> RuleViolation:
    return RuleViolation(
        f"{field} must not contain control characters or line breaks here",
        code="control_characters",
        field=field,
    )
