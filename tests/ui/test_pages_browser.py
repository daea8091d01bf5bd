"""The login and the dashboard in real chromium: what a person sees and can do."""

from __future__ import annotations

import re

from playwright.async_api import Browser, Page, expect

from tests.ui.browser import (
    OnlyConcord,
    check_accessibility,
    log_in,
    overflows_horizontally,
    screenshot,
)
from tests.ui.world import (
    COORDINATOR_EMAIL,
    booked_session_with_an_overdue_item,
    coordinator_account,
)
from ui.i18n import labels

ZH, EN = labels("zh-CN"), labels("en")


async def test_the_login_page_is_accessible_and_fits_a_phone(page: Page) -> None:
    await page.goto("/ui/login")
    await expect(page.locator("h1")).to_have_text(ZH["login_title"])
    await check_accessibility(page)
    assert not await overflows_horizontally(page)
    await screenshot(page, "login")


async def test_a_page_asked_for_without_a_login_comes_back_after_it(page: Page) -> None:
    await coordinator_account()
    await page.goto("/ui/?from=mail")
    assert "/ui/login?next=" in page.url
    await log_in(page, COORDINATOR_EMAIL)
    assert page.url.endswith("/ui/?from=mail"), page.url
    await expect(page.locator("h1")).to_have_text(ZH["dashboard_title"])


async def test_a_wrong_password_is_shown_next_to_the_field_then_throttling(page: Page) -> None:
    await coordinator_account()
    await log_in(page, COORDINATOR_EMAIL, "wrong-password")
    password = page.get_by_label(ZH["password"], exact=True)
    await expect(password).to_have_attribute("aria-invalid", "true")
    await expect(page.locator("#password-error")).to_have_text(ZH["error_invalid_credentials"])
    await expect(page.get_by_label(ZH["email"])).to_have_value(COORDINATOR_EMAIL)
    await check_accessibility(page)
    await screenshot(page, "login-error")
    for _ in range(4):
        await log_in(page, COORDINATOR_EMAIL, "wrong-password")
    await log_in(page, COORDINATOR_EMAIL)
    await expect(page.get_by_role("alert")).to_have_text(ZH["error_throttled"])
    assert "/ui/login" in page.url


async def test_the_dashboard_shows_the_weeks_session_and_an_overdue_item(
    coordinator_page: Page,
) -> None:
    page = coordinator_page
    world = await booked_session_with_an_overdue_item()
    await page.reload()
    sessions = page.locator("[data-panel=sessions]")
    link = sessions.get_by_role("link", name=world.session.title)
    await expect(link).to_have_attribute("href", f"/ui/sessions/{world.session.id}")
    await expect(sessions).to_contain_text("10:00")
    await expect(sessions).to_contain_text("中国标准时间")
    overdue = page.locator("[data-panel=overdue]")
    await expect(overdue.get_by_role("link", name=world.overdue_title)).to_be_visible()
    cases = page.locator("[data-panel=cases]")
    await expect(cases.get_by_role("link", name="XF-UI1")).to_have_attribute(
        "href", f"/ui/cases/{world.session.case_id}"
    )
    await check_accessibility(page)
    assert not await overflows_horizontally(page)
    await screenshot(page, "dashboard")


async def test_the_language_switch_turns_the_pages_to_english_and_back(
    coordinator_page: Page,
) -> None:
    page = coordinator_page
    await page.get_by_label(ZH["language"]).select_option("en")
    await page.locator("[data-action=switch-language]").click()
    await expect(page.locator("h1")).to_have_text(EN["dashboard_title"])
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await page.goto("/ui/")  # remembered
    await expect(page.get_by_role("heading", name=EN["overdue_items"])).to_be_visible()
    await check_accessibility(page)
    await screenshot(page, "dashboard-en")
    await page.get_by_label(EN["language"]).select_option("zh-CN")
    await page.locator("[data-action=switch-language]").click()
    await expect(page.locator("h1")).to_have_text(ZH["dashboard_title"])


async def test_logging_out_ends_the_session(coordinator_page: Page) -> None:
    page = coordinator_page
    await page.locator("[data-action=logout]").click()
    await page.wait_for_url("**/ui/login")
    await page.goto("/ui/")
    assert "/ui/login?next=" in page.url


async def test_a_form_whose_csrf_token_was_removed_is_refused(coordinator_page: Page) -> None:
    page = coordinator_page
    await page.locator("form.logout input[name=_csrf_token]").evaluate("input => input.remove()")
    await page.locator("[data-action=logout]").click()
    await expect(page.locator("h1")).to_contain_text("403")
    await page.goto("/ui/")  # the refused logout changed nothing: still logged in
    await expect(page.locator("h1")).to_have_text(ZH["dashboard_title"])


async def test_a_request_to_another_host_is_caught_and_never_sent(
    browser: Browser, server: str
) -> None:
    context = await browser.new_context(base_url=server)
    only_concord = OnlyConcord(server)
    await context.route("**/*", only_concord)
    page = await context.new_page()
    await page.goto("/ui/login")
    reached = await page.evaluate(
        "() => fetch('https://cdn.example.com/x.js').then(() => true, () => false)"
    )
    await context.close()
    assert reached is False
    assert only_concord.foreign == ["https://cdn.example.com/x.js"]


async def test_the_accessibility_check_fails_on_a_field_without_a_label(page: Page) -> None:
    await page.goto("/ui/login")
    await page.locator("label[for=email]").evaluate("label => label.remove()")
    try:
        await check_accessibility(page)
    except AssertionError as failure:
        assert "label" in str(failure) and "#email" in str(failure)
    else:
        raise AssertionError("an unlabelled field passed the accessibility check")


async def test_an_htmx_request_carries_the_csrf_token_from_the_body(
    coordinator_page: Page,
) -> None:
    """htmx is served by Concord and sends <body hx-headers>: its unsafe requests pass CSRF."""
    page = coordinator_page
    assert await page.evaluate("() => typeof htmx") == "object"
    async with page.expect_response("**/ui/language") as answered:
        await page.evaluate(
            "() => htmx.ajax('POST', '/ui/language', "
            "{values: {lang: 'en', next: '/ui/'}, target: 'main', swap: 'none'})"
        )
    assert (await answered.value).status in (200, 303)
    await page.goto("/ui/")
    await expect(page.locator("h1")).to_have_text(EN["dashboard_title"])


async def test_an_htmx_request_after_the_session_ended_loads_the_login_page(
    coordinator_page: Page,
) -> None:
    page = coordinator_page
    await page.context.clear_cookies()
    await page.evaluate("() => htmx.ajax('GET', '/ui/', {target: 'main'})")
    await page.wait_for_url(re.compile(r"/ui/login\?next="))
    await expect(page.locator("h1")).to_have_text(ZH["login_title"])
    assert await page.locator("main main").count() == 0  # not swapped into the old page
