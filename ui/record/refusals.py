"""A refused action shown in the fragment whose form asked for it: the service's code, the
field it names and its message, next to that field."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import DomainError
from core.web.problems import status_of


@dataclass(frozen=True)
class Refusal:
    #: Which of the fragment's forms was refused (its ``data-form``).
    form: str
    code: str
    field: str | None
    message: str
    status: int


def refusal_of(error: DomainError, form: str) -> Refusal:
    return Refusal(form, error.code, error.field, error.message, status_of(error))
