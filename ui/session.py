"""Cookie sessions for the pages: the cookie holds a login's access token, the same one the API
takes as a bearer token, so logging in, expiry, revocation and audit are the accounts' own."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request, Response
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.response.base import ASGIResponse
from litestar.types import ASGIApp, Receive, Scope, Send

from core.errors import Unauthorized
from core.settings import get_settings
from parties.accounts.middleware import viewer_of_token

SESSION_COOKIE = "concord_session"
COOKIE_PATH = "/ui"
LOGIN_PATH = "/ui/login"
#: The ``opt`` of a handler open without a session: logging in, the language switch (the login
#: page has it too) and the assets. Every other page of the router needs a login.
PUBLIC_PAGE = {"public_page": True}


def safe_next(target: str | None) -> str:
    """Where to go after logging in: only a page of Concord's own, never another site."""
    if not target or not target.startswith("/ui/") or "//" in target or "\\" in target:
        return "/ui/"
    return target


def login_redirect(path: str, query: str) -> str:
    wanted = path + (f"?{query}" if query else "")
    return f"{LOGIN_PATH}?next={quote(wanted, safe='/')}"


class CookieSessionMiddleware(ASGIMiddleware):
    """The viewer of a /ui/ page from its session cookie only; without a valid one the browser
    is sent to the login page (303) and comes back afterwards."""

    scopes = (ScopeType.HTTP,)
    exclude_opt_key = "public_page"

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        token = Request[Any, Any, Any](scope).cookies.get(SESSION_COOKIE, "")
        try:
            if not token:
                raise Unauthorized("no session", code="unauthorized")
            viewer = await viewer_of_token(token)
        except Unauthorized:
            query = scope.get("query_string", b"").decode("latin-1")
            # The path as asked for: Litestar's routing drops a trailing slash from "path".
            # (Some servers put the query in raw_path too.)
            path = scope["raw_path"].decode("latin-1").partition("?")[0]
            await _to_the_login(login_redirect(path, query), scope, receive, send)
            return
        scope["user"] = viewer
        scope["auth"] = token
        await next_app(scope, receive, send)


async def _to_the_login(location: str, scope: Scope, receive: Receive, send: Send) -> None:
    """A browser follows a 303; htmx would follow it too and swap the login form into a
    fragment of the page, so it is told to load the login page whole (HX-Redirect)."""
    if Request[Any, Any, Any](scope).headers.get("hx-request") == "true":
        response = ASGIResponse(status_code=401, headers={"HX-Redirect": location})
    else:
        response = ASGIResponse(status_code=303, headers={"location": location})
    await response(scope, receive, send)


def start_session(response: Response[Any], access_token: str, lifetime_seconds: int) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        access_token,
        path=COOKIE_PATH,
        max_age=lifetime_seconds,
        httponly=True,
        samesite="lax",
        secure=get_settings().public_url.startswith("https://"),
    )


def end_session(response: Response[Any]) -> None:
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
