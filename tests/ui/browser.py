"""The browser tests' tools: Debian's chromium driven by Playwright, a page that may reach
only the live server, an axe-core check, screenshots at desktop and phone width."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.async_api import Page, Route

from tests.conftest import PASSWORD
from tests.support.live_server import PROJECT_ROOT

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENSHOTS = PROJECT_ROOT / "build" / "screenshots"
DESKTOP, PHONE = 1280, 390
BLOCKING_IMPACTS = ("serious", "critical")


def chromium_executable() -> str:
    """Debian's chromium (``make install``); Playwright downloads no browser of its own."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed: run `make install` (Debian package chromium)")
    return executable


@dataclass
class OnlyConcord:
    """A route handler for every request of a page: the live server's go through, anything
    else is recorded and aborted, so a test fails without anything leaving the machine."""

    base_url: str
    foreign: list[str] = field(default_factory=list)

    async def __call__(self, route: Route) -> None:
        url = route.request.url
        if url == self.base_url or url.startswith(self.base_url + "/"):
            await route.continue_()
            return
        self.foreign.append(url)
        await route.abort()


async def check_accessibility(page: Page) -> None:
    """Run axe-core (vendored by `make install`) over the page; fail on any serious or
    critical violation, each listed with the elements it was found on."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make install`")
    await page.add_script_tag(path=str(AXE))
    violations = await page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    listed = "\n".join(
        f"- {v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in blocking
    )
    assert not blocking, f"axe-core found on {page.url}:\n{listed}"


async def screenshot(page: Page, name: str) -> list[Path]:
    """Full-page PNGs of the page at desktop and phone width, under build/screenshots/ (kept
    as CI artefacts); the viewport is left at desktop width."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    saved = []
    for width in (DESKTOP, PHONE):
        await page.set_viewport_size({"width": width, "height": 900})
        path = SCREENSHOTS / f"{name}-{width}.png"
        await page.screenshot(path=str(path), full_page=True)
        saved.append(path)
    await page.set_viewport_size({"width": DESKTOP, "height": 900})
    return saved


async def overflows_horizontally(page: Page, width: int = PHONE) -> bool:
    """Whether the page, at ``width``, is wider than the screen (a phone would scroll sideways)."""
    await page.set_viewport_size({"width": width, "height": 900})
    wider: bool = await page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    await page.set_viewport_size({"width": DESKTOP, "height": 900})
    return wider


async def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Fill in and send the login form as a person would, by its labels."""
    if "/ui/login" not in page.url:
        await page.goto("/ui/login")
    await page.get_by_label("电子邮箱").or_(page.get_by_label("Email")).fill(email)
    await page.get_by_label("密码", exact=True).or_(page.get_by_label("Password")).fill(password)
    await page.locator("[data-action=login]").click()
    await page.wait_for_load_state()
