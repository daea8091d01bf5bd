"""The OpenAPI document tells the truth about errors and logins.

Litestar documents a 400 in its own shape and one security rule for every operation. Concord
answers every error as ``application/problem+json`` (core.web.problems) and lets some routes be
called without a login, so each operation is given, once, as its route is registered:

* the problem responses it can give: 400 (malformed input) always, 413 and 422 with a request
  body (strict decoding refuses control characters and implausible years as content, 422),
  401 and 403 when it needs a login, 404 when its path names something, and whatever more it
  is told of (``extra_problems``, by operationId) or declares itself with
  ``responses=problems(409, 422)``;
* its own ``security``: ``[]`` when it is public, bearer or nothing when a signed token in
  the body may stand in for a login, bearer otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

import msgspec
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import Operation, SecurityRequirement
from litestar.plugins import ReceiveRoutePlugin
from litestar.routes import BaseRoute, HTTPRoute

from core.web.problems import PROBLEM_MEDIA_TYPE

BEARER = "bearer"
_BEARER_REQUIREMENT: SecurityRequirement = {BEARER: []}


class Problem(msgspec.Struct, kw_only=True):
    """An error (RFC 9457) as core.web.problems writes it; some carry more members, such as
    ``errors`` (each failing input) for malformed requests."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    field: str | None = None


_DESCRIPTIONS = {
    400: "Malformed input (unknown field, wrong type, out of range); `field` names it.",
    401: "No valid bearer token (or no valid signed token where one may stand in).",
    403: "The account's role may not do this.",
    404: "Nothing by that id, or nothing this viewer may see.",
    409: "Conflicts with the current state (`code` says which).",
    413: "The request body is too large.",
    422: "Well formed, but breaks a rule (`code` says which).",
    429: "Too many requests; Retry-After says when to try again.",
    503: "A service Concord relies on (the timestamp authority) cannot be used now.",
}


def problems(*statuses: int) -> dict[int, ResponseSpec]:
    """Problem responses a route declares beyond the standard set (typically 409, 422)."""
    return {
        status: ResponseSpec(
            data_container=Problem,
            media_type=PROBLEM_MEDIA_TYPE,
            description=_DESCRIPTIONS.get(status, "An error."),
            generate_examples=False,
        )
        for status in statuses
    }


class Access(Enum):
    PUBLIC = "public"
    TOKEN_OR_LOGIN = "token_or_login"
    LOGIN = "login"


@dataclass
class _PublicOperation(Operation):
    def __post_init__(self) -> None:
        self.security = []


@dataclass
class _TokenOrLoginOperation(Operation):
    def __post_init__(self) -> None:
        self.security = [{}, _BEARER_REQUIREMENT]


@dataclass
class _LoginOperation(Operation):
    def __post_init__(self) -> None:
        self.security = [_BEARER_REQUIREMENT]


_OPERATION_CLASSES: dict[Access, type[Operation]] = {
    Access.PUBLIC: _PublicOperation,
    Access.TOKEN_OR_LOGIN: _TokenOrLoginOperation,
    Access.LOGIN: _LoginOperation,
}

_WRITE_METHODS = {"POST", "PUT", "PATCH"}


def standard_statuses(access: Access, path_has_parameters: bool, has_body: bool) -> set[int]:
    statuses = {400}
    if access is not Access.PUBLIC:
        statuses |= {401, 403}
    if path_has_parameters:
        statuses.add(404)
    if has_body:
        statuses |= {413, 422}
    return statuses


class TruthfulErrorsPlugin(ReceiveRoutePlugin):
    """Documents each operation's problem responses and security from how the app really
    authenticates: ``public_paths`` and ``token_or_login_paths`` are the auth middleware's own
    patterns, and handlers marked ``exclude_from_auth`` are public too."""

    def __init__(
        self,
        public_paths: Sequence[str],
        token_or_login_paths: re.Pattern[str],
        extra_problems: Mapping[str, Iterable[int]] | None = None,
    ) -> None:
        self._public = re.compile("|".join(public_paths))
        self._token_or_login = token_or_login_paths
        self._extra = {key: set(statuses) for key, statuses in (extra_problems or {}).items()}

    def receive_route(self, route: BaseRoute) -> None:
        if not isinstance(route, HTTPRoute):
            return
        for handler in route.route_handlers:
            if handler.resolve_include_in_schema():
                self._document(handler, route.path_format, bool(route.path_parameters))

    def access(self, handler: HTTPRouteHandler, path: str) -> Access:
        if handler.opt.get("exclude_from_auth") or self._public.search(path):
            return Access.PUBLIC
        if self._token_or_login.search(path):
            return Access.TOKEN_OR_LOGIN
        return Access.LOGIN

    def _document(self, handler: HTTPRouteHandler, path: str, has_parameters: bool) -> None:
        access = self.access(handler, path)
        has_body = "data" in handler.parsed_fn_signature.parameters and bool(
            handler.http_methods & _WRITE_METHODS
        )
        statuses = standard_statuses(access, has_parameters, has_body)
        statuses |= self._extra.get(str(handler.operation_id), set())
        declared: dict[int, ResponseSpec] = dict(handler.responses or {})
        handler.responses = {**problems(*sorted(statuses - set(declared))), **declared}
        handler.operation_class = _OPERATION_CLASSES[access]
