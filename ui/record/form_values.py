"""A form's text turned into the values a service takes, each refusal naming its field.

A form posts only strings; the API's Structs type their fields, so what they refuse with a 400
a page refuses here, next to the field, in the page's language."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, TypeVar
from uuid import UUID

import msgspec

from core.errors import RuleViolation

EnumT = TypeVar("EnumT", bound=StrEnum)

#: The API's limits (core.web.wire): a short line, and a statement.
ShortField = Annotated[str, msgspec.Meta(max_length=300)]
TextField = Annotated[str, msgspec.Meta(max_length=20_000)]
#: A field a form may repeat (checkboxes, rows): one value arrives as a string.
Repeated = list[str] | str

REQUIRED = "required"
INVALID = "invalid_value"


def required_text(value: str, field: str) -> str:
    if not value.strip():
        raise RuleViolation(f"{field} is required", code=REQUIRED, field=field)
    return value.strip()


def optional_text(value: str) -> str | None:
    return value.strip() or None


def uuid_value(value: str, field: str) -> UUID:
    try:
        return UUID(required_text(value, field))
    except ValueError:
        raise RuleViolation(f"{field} is not an id", code=INVALID, field=field) from None


def date_value(value: str, field: str) -> date:
    try:
        return date.fromisoformat(required_text(value, field))
    except ValueError:
        raise RuleViolation(f"{field} is not a date", code=INVALID, field=field) from None


def choice(value: str, allowed: type[EnumT], field: str) -> EnumT:
    try:
        return allowed(required_text(value, field))
    except ValueError:
        raise RuleViolation(
            f"{field} is not one of the choices", code=INVALID, field=field
        ) from None


def repeated(value: Repeated) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def uuid_list(value: Repeated, field: str) -> tuple[UUID, ...]:
    return tuple(
        uuid_value(item, f"{field}[{index}]")
        for index, item in enumerate(repeated(value))
        if item.strip()
    )
