"""Bearer-token authentication and role guards for the HTTP layer."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from core.access import ARCHIVE_READERS, STAFF, Role, Viewer
from core.audit import current_actor
from core.errors import Forbidden, Unauthorized
from parties.accounts import service as accounts

#: Paths open without a token: liveness, login, subscription feeds (secret URL) and the docs.
PUBLIC_PATHS = ["^/health", "^/api/v1/auth/token", "^/api/v1/calendars/", "^/schema"]
#: Paths that also accept a signed token in the body instead of a login.
TOKEN_OR_LOGIN_PATHS = re.compile(r"^/api/v1/sessions/[^/]+/rsvp$")


class BearerTokenMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        header = connection.headers.get("authorization", "")
        if not header and TOKEN_OR_LOGIN_PATHS.match(connection.scope["path"]):
            return AuthenticationResult(user=None, auth=None)
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("send a bearer token (POST /api/v1/auth/token)", code="unauthorized")
        account = await accounts.authenticate(token.strip())
        current_actor.set(account.account_id)
        return AuthenticationResult(user=account, auth=token)


Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], None]


def account_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Viewer:
    user = connection.scope.get("user")
    if not isinstance(user, Viewer):
        raise Unauthorized("authentication required")
    return user


def requires_role(allowed: frozenset[Role], action: str) -> Guard:
    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        account = account_of(connection)
        if account.role not in allowed:
            raise Forbidden(
                f"the {account.role.value} role may not {action}", code="role_not_allowed"
            )

    return guard


staff_only = requires_role(STAFF, "do this (coordinators and administrators only)")
archive_readers = requires_role(ARCHIVE_READERS, "read the archive")
admin_only = requires_role(frozenset({Role.ADMIN}), "manage accounts")


def ensure_self_or_staff(account: Viewer, person_id: Any) -> None:
    """Participants act only for themselves; staff act for anyone."""
    if account.role in STAFF or account.person_id == person_id:
        return
    raise Forbidden(
        "participants may only act for themselves", code="not_your_record", field="person_id"
    )
