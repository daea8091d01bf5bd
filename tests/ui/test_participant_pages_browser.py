"""The participant's own page and the public notice in real chromium: from the link in a
signing email a participant accepts, reads the minutes and signs; another refuses with a
reason; a spoilt link is refused; a member of the public registers to observe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.async_api import Page, expect

from tests.support.api_builders import booked_public_hearing_api, draft_minutes, get_json
from tests.support.signing_mail import LINK, PAGE_PURPOSE, signing_mails, text_of, token_in
from tests.ui.browser import check_accessibility, overflows_horizontally, screenshot
from ui.i18n import labels

ZH, EN = labels("zh-CN"), labels("en")


async def page_link_in_signing_mail(setup: dict[str, Any], who: str) -> str:
    """The /ui/p/ path of the own page, as the signing email in the outbox gives it."""
    mail = next(
        m
        for m in await signing_mails(setup["session"]["id"])
        if m["To"].addresses[0].addr_spec == setup[who]["email"]
    )
    token = token_in(mail, PAGE_PURPOSE)
    assert f"http://testserver/ui/p/{token}" in text_of(mail)
    assert token in LINK.findall(text_of(mail))
    return f"/ui/p/{token}"


async def signatures(client: Any, coordinator: Any, setup: dict[str, Any]) -> list[Any]:
    minutes = await get_json(client, f"/api/v1/minutes/{setup['minutes']['id']}", coordinator)
    found: list[Any] = minutes["signatures"]
    return found


async def test_from_the_signing_email_one_accepts_reads_and_signs_another_refuses(
    page: Page, client: Any, coordinator: Any
) -> None:
    mine = await draft_minutes(client, coordinator, "BR-1")
    other = await draft_minutes(client, coordinator, "BR-2")
    link = await page_link_in_signing_mail(mine, "petitioner")

    await page.goto(link)
    await expect(page.locator("h1")).to_have_text(ZH["pparty_title"])
    entry = page.locator(f"[data-session='{mine['session']['id']}']")
    await expect(entry).to_contain_text("中国标准时间")
    await expect(page.locator(f"[data-session='{other['session']['id']}']")).to_have_count(0)
    await check_accessibility(page)
    assert not await overflows_horizontally(page)
    await screenshot(page, "participant-page")

    await entry.locator("[data-action=accept]").click()
    await expect(entry.locator("[data-field=partstat]")).to_have_text(
        ZH["pparty_partstat_ACCEPTED"]
    )
    async with page.expect_download() as downloading:
        await entry.locator("[data-action=read-minutes]").click()
    pdf = Path(await (await downloading.value).path())
    assert pdf.read_bytes().startswith(b"%PDF")
    await entry.locator("[data-action=sign]").click()
    await expect(entry.locator("[data-state=recorded]")).to_have_text(ZH["pparty_recorded_sign"])
    await expect(entry.locator("[data-field=decision]")).to_have_text(ZH["pparty_decision_sign"])
    await expect(entry.locator("[data-action=sign]")).to_have_count(0)
    [signed] = await signatures(client, coordinator, mine)
    assert (signed["person_id"], signed["decision"]) == (mine["petitioner"]["id"], "sign")
    assert signed["version_sha256"] == mine["minutes"]["version_sha256"]
    session = await get_json(client, f"/api/v1/sessions/{mine['session']['id']}", coordinator)
    answered = {p["person_id"]: p["partstat"] for p in session["participants"]}
    assert answered[mine["petitioner"]["id"]] == "ACCEPTED"

    # The language switch, then back to the same page in English.
    await page.get_by_label(ZH["language"]).select_option("en")
    await page.locator("[data-action=switch-language]").click()
    await expect(page.locator("h1")).to_have_text(EN["pparty_title"])
    assert page.url.endswith(link)

    await page.goto(await page_link_in_signing_mail(mine, "mediator"))
    entry = page.locator(f"[data-session='{mine['session']['id']}']")
    await entry.locator("[data-action=refuse]").click()
    reason = entry.get_by_label(EN["pparty_reason"])
    await expect(reason).to_have_attribute("aria-invalid", "true")
    await expect(entry.locator("[data-problem=refusal_reason_required]")).to_have_text(
        EN["pparty_error_refusal_reason_required"]
    )
    await check_accessibility(page)
    await screenshot(page, "participant-refusal-error")
    await reason.fill("第三条与事实不符")
    await entry.locator("[data-action=refuse]").click()
    await expect(entry.locator("[data-state=recorded]")).to_have_text(EN["pparty_recorded_refuse"])
    refused = next(
        s
        for s in await signatures(client, coordinator, mine)
        if s["person_id"] == mine["mediator"]["id"]
    )
    assert (refused["decision"], refused["reason"]) == ("refuse", "第三条与事实不符")

    spoilt = link[:-4] + ("AAAA" if not link.endswith("AAAA") else "BBBB")
    await page.goto(spoilt)
    await expect(page.locator("h1")).to_have_text(EN["pparty_refused_title"])
    await check_accessibility(page)
    assert not await overflows_horizontally(page)
    await screenshot(page, "participant-link-refused")
    assert len(await signatures(client, coordinator, mine)) == 2


async def test_the_public_notice_page_registers_an_observer(
    page: Page, client: Any, coordinator: Any
) -> None:
    setup = await booked_public_hearing_api(client, coordinator, "BR-3", public_seats=1)
    notice_path = f"/ui/hearings/{setup['session']['id']}/notice"
    await page.goto(notice_path)
    await expect(page.locator("h1")).to_have_text("公开听证")
    await expect(page.locator("main")).not_to_contain_text("张三")
    await check_accessibility(page)
    assert not await overflows_horizontally(page)
    await screenshot(page, "hearing-notice")

    await page.get_by_label(ZH["pparty_notice_name"]).fill("李四")
    await page.get_by_label(ZH["pparty_notice_email"]).fill("li.si@example.cn")
    await page.locator("[data-action=register]").click()
    await expect(page.locator("[data-state=confirmed]")).to_have_text(ZH["pparty_notice_confirmed"])
    await expect(page.locator("[data-field=cancel_token]")).not_to_be_empty()
    await check_accessibility(page)
    await screenshot(page, "hearing-notice-registered")
    notice = await get_json(client, f"/api/v1/sessions/{setup['session']['id']}/notice", {})
    assert notice["seats_left"] == 0
