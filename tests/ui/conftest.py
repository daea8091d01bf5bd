"""Fixtures of the pages' browser tests: a live server on the test database (SQLite file or
DATABASE_URL's PostgreSQL, as the rest of the suite), one chromium for the run, and a fresh
browser context per test whose requests may reach only that server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from playwright.async_api import Browser, Page, async_playwright

from tests.support.live_server import live_server
from tests.ui.browser import DESKTOP, OnlyConcord, chromium_executable, log_in
from tests.ui.world import COORDINATOR_EMAIL, coordinator_account


@pytest.fixture
def server(db: None) -> Iterator[str]:
    """The app served by uvicorn over this test's empty database; yields its base URL."""
    with live_server(workers=1) as base_url:
        yield base_url


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=chromium_executable())
        yield launched
        await launched.close()


@pytest.fixture
async def page(browser: Browser, server: str) -> AsyncIterator[Page]:
    """A page of a new context (no cookies) at desktop width; the test fails if anything it
    loaded asked for a host other than the live server."""
    context = await browser.new_context(
        base_url=server, viewport={"width": DESKTOP, "height": 900}, locale="zh-CN"
    )
    only_concord = OnlyConcord(server)
    await context.route("**/*", only_concord)
    opened = await context.new_page()
    yield opened
    await context.close()
    assert not only_concord.foreign, f"requests outside Concord: {only_concord.foreign}"


@pytest.fixture
async def coordinator_page(page: Page) -> Page:
    """``page`` logged in as a coordinator, on the dashboard."""
    await coordinator_account()
    await log_in(page, COORDINATOR_EMAIL)
    assert page.url.endswith("/ui/"), page.url
    return page
