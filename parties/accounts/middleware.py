"""Bearer-token authentication: the HTTP glue that turns a token into the request's viewer."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from litestar.connection import ASGIConnection
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from core.access import Viewer
from core.audit import current_actor
from core.errors import Unauthorized
from parties.accounts import tokens

#: Paths open without a token: liveness, login and token refresh (the refresh token is the
#: credential), subscription feeds (secret URL), the docs, a public hearing's notice, observer
#: registration and its minutes' public version, checking a copy of sealed minutes (with the
#: certificates to check it independently), and a participant's page from an emailed link
#: (the signed token in its URL is the credential).
PUBLIC_PATHS = [
    "^/health",
    "^/api/v1/auth/token",
    "^/api/v1/auth/refresh$",
    "^/api/v1/calendars/",
    "^/schema",
    r"^/api/v1/sessions/[^/]+/notice$",
    r"^/api/v1/sessions/[^/]+/observers(/[^/]+/cancel)?$",
    r"^/api/v1/minutes/[^/]+/public\.pdf$",
    r"^/api/v1/archive/(verify|certificate)$",
    "^/ui/p/",
]
#: Paths that also accept a signed token in the body instead of a login.
TOKEN_OR_LOGIN_PATHS = re.compile(
    r"^/api/v1/sessions/[^/]+/rsvp$|^/api/v1/minutes/[^/]+/signatures$"
)


class BearerTokenMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        header = connection.headers.get("authorization", "")
        if not header and TOKEN_OR_LOGIN_PATHS.match(connection.scope["path"]):
            return AuthenticationResult(user=None, auth=None)
        scheme, _, padded = header.partition(" ")
        token = padded.strip()
        if scheme.lower() != "bearer" or not token:
            raise Unauthorized("send a bearer token (POST /api/v1/auth/token)", code="unauthorized")
        # Logout and password change find the caller's login from ``auth``.
        return AuthenticationResult(user=await viewer_of_token(token), auth=token)


async def viewer_of_token(token: str) -> Viewer:
    """The viewer a login's access token stands for, made the actor of what the request does;
    the API's bearer header and the pages' session cookie carry the same token."""
    viewer = await tokens.authenticate(token, datetime.now(UTC))
    current_actor.set(viewer.account_id)
    return viewer
