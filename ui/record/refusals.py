"""A refused action shown in the fragment whose form asked for it: the service's code, the
field it names and its message, next to that field, with what was typed still in the form."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import msgspec

from core.errors import DomainError
from core.web.problems import status_of
from ui.forms import PageForm


@dataclass(frozen=True)
class Refusal:
    #: Which of the fragment's forms was refused (its ``data-form``).
    form: str
    code: str
    field: str | None
    message: str
    status: int
    #: The refused form's values, each field's as a list (a repeated field has several), so
    #: the form comes back filled in rather than emptied.
    values: dict[str, list[str]] = dataclasses.field(default_factory=dict)


def _posted(data: PageForm | None) -> dict[str, list[str]]:
    if data is None:
        return {}
    return {
        name: list(value) if isinstance(value, list) else [str(value)]
        for name, value in msgspec.structs.asdict(data).items()
        if name != "csrf_token"
    }


def refusal_of(error: DomainError, form: str, data: PageForm | None = None) -> Refusal:
    return Refusal(form, error.code, error.field, error.message, status_of(error), _posted(data))
