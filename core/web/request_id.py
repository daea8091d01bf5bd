"""One id per request, so a problem a client reports can be found in the server's log."""

from __future__ import annotations

import os
import re

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

REQUEST_ID_HEADER = "X-Request-ID"

#: A proxy's id is kept when it is short and plain: it is echoed into a header and the log,
#: so anything that could split a line or a header is replaced by a fresh id.
_WELL_FORMED = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_STATE_KEY = "concord_request_id"


def request_id_of(scope: Scope) -> str:
    """The request's id: the caller's X-Request-ID when well formed, else a new one; the same
    answer however often it is asked (the error mapper and the response header agree)."""
    state = scope.setdefault("state", {})
    known = state.get(_STATE_KEY)
    if isinstance(known, str):
        return known
    incoming = next(
        (
            value.decode("latin-1")
            for name, value in scope.get("headers", ())
            if name.lower() == b"x-request-id"
        ),
        "",
    )
    request_id = incoming if _WELL_FORMED.match(incoming) else os.urandom(16).hex()
    state[_STATE_KEY] = request_id
    return request_id


async def send_request_id(message: Message, scope: Scope) -> None:
    """``before_send`` hook: every HTTP response carries the request's id, errors and routing
    failures included (they never reach a route's middleware)."""
    if message["type"] == "http.response.start":
        MutableScopeHeaders.from_message(message)[REQUEST_ID_HEADER] = request_id_of(scope)
