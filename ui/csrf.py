"""CSRF protection of the pages: Litestar's double-submit cookie, checked on every unsafe
request to the pages' router. Only the pages need it: the API takes bearer tokens only, so a
forged request carries no credential there, and a participant's link page (/ui/p/, served
outside this router for now) is credentialled by its URL, not by a cookie."""

from __future__ import annotations

from litestar.config.csrf import CSRFConfig

from core.settings import get_settings

CSRF_COOKIE = "concord_csrf"
CSRF_HEADER = "x-csrftoken"
#: The hidden input of every form (Litestar's ``csrf_input`` writes it).
CSRF_FIELD = "_csrf_token"


def csrf_config() -> CSRFConfig:
    return CSRFConfig(
        secret=get_settings().secret_key,
        cookie_name=CSRF_COOKIE,
        cookie_path="/ui",
        # Forms and hx-headers get the token from the page, so scripts never need the cookie.
        cookie_httponly=True,
        cookie_samesite="lax",
        cookie_secure=get_settings().public_url.startswith("https://"),
        header_name=CSRF_HEADER,
    )
