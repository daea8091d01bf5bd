"""Every route of the app, walked without a token: only the public ones answer, and which
routes are public is written down here, so a new endpoint cannot become public by accident."""

from __future__ import annotations

import re
from typing import Any
from uuid import uuid4

from litestar import Litestar

#: Open to anyone (health, login and refresh, the docs, secret-URL feeds, a public hearing's
#: notice and observers, a sealed public version, archive verification) or credentialled by a
#: signed token in the URL or the body instead of a login.
PUBLIC_ROUTES = {
    ("GET", "/health"),
    ("POST", "/api/v1/auth/token"),
    ("POST", "/api/v1/auth/refresh"),
    ("GET", "/api/v1/calendars/{feed:str}"),
    ("GET", "/api/v1/sessions/{session_id:uuid}/answer"),
    ("POST", "/api/v1/sessions/{session_id:uuid}/answer"),
    ("GET", "/api/v1/sessions/{session_id:uuid}/notice"),
    ("POST", "/api/v1/sessions/{session_id:uuid}/observers"),
    ("POST", "/api/v1/sessions/{session_id:uuid}/observers/{observer_id:uuid}/cancel"),
    ("POST", "/api/v1/sessions/{session_id:uuid}/rsvp"),
    ("POST", "/api/v1/minutes/{minutes_id:uuid}/signatures"),
    ("GET", "/api/v1/minutes/{minutes_id:uuid}/public.pdf"),
    ("POST", "/api/v1/archive/verify"),
    ("GET", "/api/v1/archive/certificate"),
    ("GET", "/ui/p/{token:str}"),
    ("POST", "/ui/p/{token:str}"),
    ("GET", "/ui/p/{token:str}/minutes.pdf"),
}
#: The participant page's forms and download: credentialled by the link in their URL, and
#: pages, not API operations (left out of the OpenAPI document).
LINK_PAGE_ROUTES = {
    ("POST", "/ui/p/{token:str}/sessions/{session_id:uuid}/rsvp"),
    ("POST", "/ui/p/{token:str}/minutes/{minutes_id:uuid}/signatures"),
    ("GET", "/ui/p/{token:str}/minutes/{minutes_id:uuid}/pdf"),
}
_PARAMETER = re.compile(r"\{(\w+)(?::(\w+))?\}")


def _concrete(path: str) -> str:
    def value(match: re.Match[str]) -> str:
        kind = match.group(2) or "str"
        return {"uuid": str(uuid4()), "int": "1", "path": "x"}.get(kind, "x")

    return _PARAMETER.sub(value, path)


def is_page_behind_a_session(path: str) -> bool:
    return (path == "/ui" or path.startswith("/ui/")) and not path.startswith("/ui/p/")


def _api_routes(app: Litestar) -> list[tuple[str, str]]:
    routes = []
    for route in app.routes:
        if route.path.startswith("/schema"):
            continue
        # The pages log in with a session cookie: tests/ui/test_page_sessions.py walks them.
        if is_page_behind_a_session(route.path):
            continue
        for method in sorted(getattr(route, "methods", set()) - {"OPTIONS", "HEAD"}):
            routes.append((method, route.path))
    return routes


async def test_every_route_but_the_public_ones_answers_401_without_a_token(client: Any) -> None:
    routes = _api_routes(client.app)
    assert len(routes) > 80
    answered_without_login = set()
    for method, path in routes:
        response = await client.request(method, _concrete(path))
        if response.status_code != 401:
            answered_without_login.add((method, path))
        else:
            assert response.headers["content-type"].startswith("application/problem+json")
    assert answered_without_login <= PUBLIC_ROUTES | LINK_PAGE_ROUTES


async def test_every_listed_public_route_exists(client: Any) -> None:
    assert set(_api_routes(client.app)) >= PUBLIC_ROUTES | LINK_PAGE_ROUTES
