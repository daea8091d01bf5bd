"""The archive and follow-up pages in real chromium: an archivist searches, downloads and
verifies; a coordinator notes, escalates and closes action items."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.async_api import Page, expect

from hearing.followup import service as followup
from tests.support.archive_world import sealed_mediation
from tests.support.flow import SHANGHAI
from tests.support.viewers import COORDINATOR
from tests.ui.browser import check_accessibility, log_in, overflows_horizontally, screenshot
from tests.ui.parch_world import ARCHIVIST_EMAIL, archivist_account, follow_up_world
from ui.i18n import labels

ZH = labels("zh-CN")


async def _upload(page: Page, name: str, content: bytes) -> None:
    await page.set_input_files(
        "#file", files=[{"name": name, "mimeType": "application/pdf", "buffer": content}]
    )
    await page.locator("[data-action=verify]").click()
    await page.wait_for_load_state()


async def test_an_archivist_searches_downloads_and_verifies(page: Page) -> None:
    land = await sealed_mediation("B1", "征地补偿", "征地补偿调解", days_ahead=10)
    await sealed_mediation("B2", "拖欠工资", "工资争议调解", days_ahead=20)
    await archivist_account()
    await log_in(page, ARCHIVIST_EMAIL)
    await page.get_by_role("link", name=ZH["nav_archive"]).click()
    await expect(page.locator("h1")).to_have_text(ZH["archive_title"])
    await expect(page.locator(".card")).to_have_count(2)

    await page.get_by_label(ZH["archive_field_case"]).fill("XF-B1")
    await page.locator("[data-action=search]").click()
    card = page.locator(".card")
    await expect(card).to_have_count(1)
    await expect(card).to_contain_text(str(land.minutes.document_number))
    await expect(card).to_contain_text("中国标准时间")  # times in the viewer's zone, named
    await check_accessibility(page)
    assert not await overflows_horizontally(page)
    await screenshot(page, "archive")

    async with page.expect_download() as pdf_download:
        await card.locator("[data-action=download-pdf]").click()
    pdf = Path(await (await pdf_download.value).path()).read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == land.minutes.sealed_sha256
    async with page.expect_download() as bag_download:
        await card.locator("[data-action=download-bag]").click()
    assert (await bag_download.value).suggested_filename.endswith("-bag.zip")

    await _upload(page, "minutes.pdf", pdf)
    result = page.locator("#verification")
    await expect(result).to_have_attribute("data-intact", "true")
    await expect(result.locator(".verdict")).to_have_text(ZH["archive_intact"])
    await expect(result).to_contain_text(str(land.minutes.document_number))
    await expect(result.locator("li", has_text=ZH["archive_decision_sign"])).to_have_count(3)
    await check_accessibility(page)
    await screenshot(page, "archive-intact")

    flipped = bytearray(pdf)
    flipped[len(flipped) // 2] ^= 0x01
    await _upload(page, "altered.pdf", bytes(flipped))
    await expect(result).to_have_attribute("data-intact", "false")
    await expect(result.locator(".verdict")).to_have_text(ZH["archive_not_intact"])
    await expect(result.locator(".reasons li").first).to_be_visible()
    await expect(result.locator(".details li").first).to_be_visible()  # the service's reason
    await check_accessibility(page)
    assert not await overflows_horizontally(page)
    await screenshot(page, "archive-not-intact")


async def test_a_coordinator_notes_escalates_and_closes_action_items(
    coordinator_page: Page,
) -> None:
    page = coordinator_page
    world = await follow_up_world()
    due = datetime.now(SHANGHAI).date() + timedelta(days=60)
    now = max(world.dashboard.start, datetime.now(UTC))
    closing = await followup.create_action_item(
        world.dashboard.session.id, "退还多收费用", world.district_id, due, None, now
    )
    await page.get_by_role("link", name=ZH["nav_action_items"]).click()
    await expect(page.locator("h1")).to_have_text(ZH["actions_title"])
    await expect(page.locator(".card")).to_have_count(3)
    await expect(page.locator(f"#item-{world.overdue_id}")).to_contain_text(
        ZH["actions_overdue_mark"]
    )

    await page.get_by_label(ZH["actions_field_status"]).select_option("overdue")
    await page.locator("[data-action=filter]").click()
    await expect(page.locator(".card")).to_have_count(1)
    await expect(page.locator(f"#item-{world.overdue_id}")).to_be_visible()
    await page.get_by_label(ZH["actions_field_status"]).select_option("")
    await page.get_by_label(ZH["actions_field_owner"]).select_option(str(world.district_id))
    await page.locator("[data-action=filter]").click()
    await expect(page.locator(".card")).to_have_count(2)

    item = page.locator(f"#item-{closing.id}")
    await item.locator("[data-action=done]").click()  # no note yet: refused, shown in place
    await expect(page.locator(f"#status-{closing.id}-error")).to_have_text(
        ZH["actions_error_progress_note_required"]
    )
    await item.get_by_label(ZH["actions_field_note"]).fill("已退还全部费用")
    await item.locator("[data-action=add-note]").click()
    await expect(item.locator(".notes")).to_contain_text("已退还全部费用")
    await item.locator("[data-action=done]").click()
    await expect(item).to_have_attribute("data-status", "done")

    escalating = page.locator(f"#item-{world.open_id}")
    await escalating.get_by_label(ZH["actions_field_reason"]).fill("多次催办未果")
    await escalating.locator("[data-action=escalate]").click()
    await expect(escalating).to_have_attribute("data-status", "escalated")
    await expect(escalating).to_contain_text("市信访局")

    await page.goto("/ui/action-items")
    overdue = page.locator(f"#item-{world.overdue_id}")
    await overdue.get_by_label(ZH["actions_field_reason"]).fill("逾期")
    await overdue.locator("[data-action=escalate]").click()  # its owner has no parent
    await expect(page.locator(f"#reason-{world.overdue_id}-error")).to_have_text(
        ZH["actions_error_owner_has_no_parent_organization"]
    )
    await check_accessibility(page)
    assert not await overflows_horizontally(page)
    await screenshot(page, "action-items")
    stored = await followup.get_action_item(COORDINATOR, closing.id, datetime.now(UTC))
    assert stored.status == "done" and [n.text for n in stored.notes] == ["已退还全部费用"]
