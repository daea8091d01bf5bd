"""A refused action as a page shows it: the message next to the field the service (or the
API's own limits on the body) named, in the reader's language."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

import msgspec

from core.errors import DomainError
from core.web.problems import field_of_message

#: Where a refusal goes that names no field the page shows.
FORM = "form"
_LAST_NAME = re.compile(r"([A-Za-z_]+)$")


def refusal_message(error: DomainError, catalog: Mapping[str, str]) -> str:
    """The catalog's sentence for the error's code; a code it lacks reads as a refusal with
    the service's own (English) message, so nothing refused is ever shown as nothing."""
    known = catalog.get(f"psess_error_{error.code}")
    return known or f"{catalog['psess_error_refused']} {error.message}"


def refusal(
    error: DomainError, catalog: Mapping[str, str], shown: Collection[str]
) -> dict[str, str]:
    field = error.field if error.field is not None and error.field in shown else FORM
    return {field: refusal_message(error, catalog)}


def invalid_input(
    error: msgspec.ValidationError, catalog: Mapping[str, str], shown: Collection[str]
) -> dict[str, str]:
    """A body outside the API's limits (a missing title, 5 minutes): named as the API names it."""
    text = str(error)
    field = field_of_message(text) or FORM
    if "missing required field" in text:
        message = catalog["error_required"]
    else:
        name = _LAST_NAME.search(field)
        specific = catalog.get(f"psess_invalid_{name.group(1)}") if name else None
        message = specific or catalog["psess_invalid_value"]
    return {field if field in shown else FORM: message}


def field_id(name: str) -> str:
    """An element id for a field name such as ``participants[0].person_id``."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", name)
