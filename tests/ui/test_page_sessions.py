"""Every page of the router, walked without a session: only the listed public ones answer, the
others send the browser to the login page, so a new page cannot become public by accident."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from tests.core.web.test_every_route_needs_a_login import _concrete, is_page_behind_a_session
from tests.ui.world import csrf_of
from ui.session import login_redirect, safe_next

#: Open without a session (their handlers carry ``opt=PUBLIC_PAGE``).
PUBLIC_PAGES = {
    ("GET", "/ui/login"),
    ("POST", "/ui/login"),
    ("POST", "/ui/language"),
    ("GET", "/ui/static/{file_path:path}"),
    ("GET", "/ui/hearings/{session_id:uuid}/notice"),
    ("POST", "/ui/hearings/{session_id:uuid}/notice"),
}


def _page_routes(app: Any) -> list[tuple[str, str]]:
    return [
        (method, route.path)
        for route in app.routes
        if is_page_behind_a_session(route.path)
        for method in sorted(getattr(route, "methods", set()) - {"OPTIONS", "HEAD"})
    ]


async def test_every_page_but_the_public_ones_redirects_to_the_login(client: Any) -> None:
    routes = _page_routes(client.app)
    assert {("GET", "/ui"), ("POST", "/ui/logout")} <= set(routes)
    # A valid CSRF token, so that unsafe requests get as far as the session check.
    token = csrf_of((await client.get("/ui/login")).text)
    for method, path in routes:
        if (method, path) in PUBLIC_PAGES:
            continue
        response = await client.request(
            method, _concrete(path), headers={"x-csrftoken": token}, follow_redirects=False
        )
        assert response.status_code == 303, (method, path, response.status_code)
        assert response.headers["location"].startswith("/ui/login?next=")


async def test_every_listed_public_page_exists(client: Any) -> None:
    assert set(_page_routes(client.app)) >= PUBLIC_PAGES


def test_the_login_comes_back_to_the_page_asked_for() -> None:
    assert login_redirect("/ui/cases/1", "tab=clock") == "/ui/login?next=" + quote(
        "/ui/cases/1?tab=clock", safe="/"
    )


def test_after_login_only_a_page_of_concord_is_a_destination() -> None:
    assert safe_next("/ui/cases/1") == "/ui/cases/1"
    for elsewhere in (
        "https://evil.example/",
        "//evil.example/ui/",
        "/ui/..\\x",
        "",
        None,
        "/api/v1",
    ):
        assert safe_next(elsewhere) == "/ui/"
