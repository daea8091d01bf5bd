"""The interactive docs load nothing from another site: every script, style sheet and icon
they name is a local path that Concord serves, so they work on a network with no internet."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

DOCS_PAGES = ["/schema/swagger", "/schema/scalar", "/schema"]
CONTENT_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".png": "image/png",
}


class _References(HTMLParser):
    """The URLs a page makes the browser fetch: script sources and linked resources."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        url = named.get("src") if tag in {"script", "img"} else named.get("href")
        if tag in {"script", "link", "img"} and url:
            self.urls.append(url)


def references_of(html: str) -> list[str]:
    parser = _References()
    parser.feed(html)
    return parser.urls


def test_references_are_read_from_scripts_links_and_images() -> None:
    html = (
        "<link rel='icon' href='/a.png'><script src=\"https://cdn.example/x.js\"></script>"
        "<script>inline()</script><img src='//cdn.example/y.png'><a href='https://x'>x</a>"
    )
    assert references_of(html) == ["/a.png", "https://cdn.example/x.js", "//cdn.example/y.png"]


@pytest.mark.parametrize("page", DOCS_PAGES)
async def test_every_asset_of_the_docs_is_a_local_path_that_is_served(
    client: Any, page: str
) -> None:
    response = await client.get(page)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    urls = references_of(response.text)
    assert len(urls) >= 3
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
        asset = await client.get(url)
        assert asset.status_code == 200, url
        suffix = url[url.rindex(".") :]
        assert asset.headers["content-type"].startswith(CONTENT_TYPES[suffix]), url
        assert len(asset.content) > 0


async def test_scalar_is_told_not_to_reach_its_own_servers(client: Any) -> None:
    page = (await client.get("/schema/scalar")).text
    assert '"withDefaultFonts":false' in page
    assert '"telemetry":false' in page
    assert '"agent":{"disabled":true}' in page


async def test_an_asset_that_is_not_there_is_a_problem_404(client: Any) -> None:
    response = await client.get("/schema/assets/swagger-ui/nothing.js")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
