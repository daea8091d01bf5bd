"""Strict decoding of JSON request bodies, before Litestar's own.

Litestar converts a JSON body to its Struct leniently (an integer becomes a datetime counted
from 1970, "12" becomes 12), as it must for query strings. A JSON body has real types, so a
``Body`` is first decoded strictly here; what fails is refused with the field named, and what
passes is checked for what no annotation can say (``core.web.wire.check_plausible``)."""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.exceptions import ValidationException
from litestar.handlers import HTTPRouteHandler

from core.web.wire import Body, check_plausible, control_characters, has_line_break

_PATH = re.compile(r" - at `\$\.?([^`]*)`$")
_STEP = re.compile(r"\.?([^.\[]+)|\[(\d+)\]")


def _json_body_type(handler: HTTPRouteHandler) -> type[Body] | None:
    data = handler.parsed_fn_signature.parameters.get("data")
    if data is None:
        return None
    media_type = getattr(data.kwarg_definition, "media_type", RequestEncodingType.JSON)
    annotation = data.annotation
    if media_type != RequestEncodingType.JSON or not isinstance(annotation, type):
        return None
    return annotation if issubclass(annotation, Body) else None


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
    """``before_request`` hook: refuse a JSON body that does not strictly fit its ``Body``."""
    handler = request.route_handler
    body_type = _json_body_type(handler) if isinstance(handler, HTTPRouteHandler) else None
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
