"""A mistyped page address answers with a page, not the API's problem+json."""

from __future__ import annotations

from typing import Any

from ui.i18n import labels


async def test_an_unknown_page_is_a_404_page_in_the_readers_language(client: Any) -> None:
    for language in ("zh-CN", "en"):
        client.cookies.set("lang", language)
        response = await client.get("/ui/no-such-page/here")
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert f'<html lang="{language}">' in response.text
        assert labels(language)["error_not_found"] in response.text
        assert 'href="/ui/"' in response.text


async def test_an_unknown_api_path_keeps_its_problem_json(client: Any) -> None:
    response = await client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 404
