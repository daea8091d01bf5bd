"""The session cookie's attributes follow the configured public URL."""

from __future__ import annotations

from dataclasses import replace

import pytest
from litestar import Response

from core.settings import get_settings
from ui import session


def _cookie_header(response: Response[str]) -> str:
    (cookie,) = [c for c in response.cookies if c.key == session.SESSION_COOKIE]
    return cookie.to_header()


@pytest.mark.parametrize(
    ("public_url", "secure"), [("https://x.gov.cn", True), ("http://x", False)]
)
def test_the_cookie_is_secure_exactly_when_the_site_is_https(monkeypatch, public_url, secure):
    settings = replace(get_settings(), public_url=public_url)
    monkeypatch.setattr(session, "get_settings", lambda: settings)
    response = Response("")
    session.start_session(response, "token", 3600)
    header = _cookie_header(response)
    assert ("Secure" in header) is secure
    assert "HttpOnly" in header and "Path=/ui" in header and "SameSite=lax" in header
    assert "Max-Age=3600" in header
