"""Strict decoding of request bodies, before Litestar's own.

Litestar converts a JSON body to its Struct leniently (an integer becomes a datetime counted
from 1970, "12" becomes 12), as it must for query strings. A JSON body has real types, so a
``Body`` is first decoded strictly here; what fails is refused with the field named, and what
passes is checked for what no annotation can say (``core.web.wire.check_plausible``).

Form and multipart bodies carry only strings and files, so Litestar's own conversion is right
for them; but it ignores fields no Struct names, which JSON bodies refuse. Those are refused
here too, with the field named (``refuse_unknown_form_fields``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import msgspec
from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.exceptions import ValidationException
from litestar.handlers import HTTPRouteHandler

from core.web.query_text import refuse_nul_in_query
from core.web.wire import Body, check_plausible, control_characters, has_line_break

_PATH = re.compile(r" - at `\$\.?([^`]*)`$")
_STEP = re.compile(r"\.?([^.\[]+)|\[(\d+)\]")


_FORMS = (RequestEncodingType.URL_ENCODED, RequestEncodingType.MULTI_PART)


def _data_type(handler: HTTPRouteHandler) -> tuple[Any, type | None]:
    """The media type of the handler's ``data`` and its annotation when that is a class."""
    data = handler.parsed_fn_signature.parameters.get("data")
    if data is None:
        return None, None
    media_type = getattr(data.kwarg_definition, "media_type", RequestEncodingType.JSON)
    annotation = data.annotation
    return media_type, annotation if isinstance(annotation, type) else None


def _json_body_type(handler: HTTPRouteHandler) -> type[Body] | None:
    media_type, annotation = _data_type(handler)
    if media_type != RequestEncodingType.JSON or annotation is None:
        return None
    return annotation if issubclass(annotation, Body) else None


def _form_fields(handler: HTTPRouteHandler) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The field names of a form or multipart ``data`` Struct, all and required ones (None
    for other bodies)."""
    media_type, annotation = _data_type(handler)
    if media_type not in _FORMS or annotation is None:
        return None
    if not issubclass(annotation, msgspec.Struct):
        return None
    fields = msgspec.structs.fields(annotation)
    return (
        tuple(field.encode_name for field in fields),
        tuple(field.encode_name for field in fields if field.required),
    )


def refuse_unknown_form_fields(names: Iterable[str], allowed: Iterable[str]) -> None:
    """Refuse a form or multipart body with a field outside ``allowed`` (400, field named)."""
    known = set(allowed)
    unknown = sorted(set(names) - known)
    if unknown:
        # Worded and keyed as msgspec words a JSON body's: the problem mapper names the field.
        message = f"Object contains unknown field `{unknown[0]}`"
        raise ValidationException(
            detail=message, extra=[{"message": message, "key": "", "source": "body"}]
        )


def _value_at(document: Any, path: str) -> Any:
    """The value at a msgspec path (``participants[0].name``), or None when it is not there."""
    for step in _STEP.finditer(path):
        key, index = step.groups()
        if index is not None and isinstance(document, list) and int(index) < len(document):
            document = document[int(index)]
        elif key is not None and isinstance(document, dict):
            document = document.get(key)
        else:
            return None
    return document


def _refusal(error: msgspec.ValidationError, document: Any) -> Exception:
    text = str(error)
    located = _PATH.search(text)
    path = located.group(1) if located else ""
    message = text[: located.start()] if located else text
    value = _value_at(document, path) if path else None
    # A line break where one cannot belong is refused as content (422), not as malformed JSON.
    if "matching regex" in message and isinstance(value, str) and has_line_break(value):
        return control_characters(path)
    return ValidationException(
        detail=message, extra=[{"message": message, "key": path, "source": "body"}]
    )


async def decode_body_strictly(request: Request[Any, Any, Any]) -> None:
    """``before_request`` hook: refuse a JSON body that does not strictly fit its ``Body``,
    and a form or multipart body with a field its Struct does not name (and, first, a query
    parameter holding a NUL)."""
    refuse_nul_in_query(request)
    handler = request.route_handler
    if not isinstance(handler, HTTPRouteHandler):
        return
    form_fields = _form_fields(handler)
    if form_fields is not None:
        known, required = form_fields
        sent = set((await request.form()).keys())
        # A missing field is the first thing to fix; Litestar's decoding names it.
        if sent >= set(required):
            refuse_unknown_form_fields(sent, known)
        return
    body_type = _json_body_type(handler)
    if body_type is None:
        return
    raw = await request.body()
    if not raw.strip():
        return
    try:
        document = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return  # malformed JSON: Litestar answers it (400) when it decodes the body itself
    try:
        decoded = msgspec.convert(document, body_type, strict=True)
    except msgspec.ValidationError as error:
        raise _refusal(error, document) from error
    check_plausible(decoded)
