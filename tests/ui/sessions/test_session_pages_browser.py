"""A coordinator's booking week in real chromium: the case, the composer (refused once, then
accepted), slots found and one booked with one click, a reschedule and a cancellation; and a
participant who cannot open someone else's session."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from playwright.async_api import Page, expect

from core.access import Role
from hearing.cases import service as cases
from hearing.sessions import service as sessions
from parties.accounts import service as accounts
from scheduling.booking import service as booking
from tests.conftest import PASSWORD
from tests.support.builders import make_room, mediation_session, person
from tests.support.flow import next_weekday_at
from tests.ui.browser import check_accessibility, log_in, overflows_horizontally, screenshot
from ui.i18n import labels

ZH = labels("zh-CN")


async def _choose(page: Page, row: int, name: str, person_id: UUID, role: str) -> None:
    """Search the row's person by name, pick them, and give them a role."""
    await page.locator(f"#participants-{row}-search").fill(name)
    options = page.locator(f"#participants-{row}-person_id option")
    await expect(options).to_have_count(2)  # the prompt and the one person of that name
    await page.locator(f"#participants-{row}-person_id").select_option(str(person_id))
    await page.locator(f"#participants-{row}-role").select_option(role)


async def _add_row(page: Page, row: int) -> None:
    """Ask for one more participant row, and wait until htmx has settled it (its search
    listens only from then on, as it would for a person who cannot type that fast)."""
    await page.locator("[data-action=add-participant]").click()
    await expect(page.locator(f"#participants-{row}-search")).to_be_visible()
    await page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-added')"
    )


async def _check_page(page: Page, name: str) -> None:
    await check_accessibility(page)
    assert not await overflows_horizontally(page), f"{name} scrolls sideways at phone width"
    await screenshot(page, name)


async def test_a_coordinator_composes_books_reschedules_and_cancels(
    coordinator_page: Page,
) -> None:
    page = coordinator_page
    case = await cases.create_case(cases.NewCase("XF-W1", "小区加装电梯纠纷"), datetime.now(UTC))
    petitioner = await person("张三丰", "p-w1@x.cn")
    department = await person("王五", "d-w1@x.cn")
    mediator = await person("郑调解", "m-w1@x.cn")
    await make_room("第一调解室")
    booked_elsewhere, _ = await mediation_session("W2")
    await booking.book_session(
        booked_elsewhere.id, next_weekday_at(14), await make_room("第二调解室"), datetime.now(UTC)
    )

    await page.goto(f"/ui/cases/{case.id}")
    await expect(page.locator("[data-light]")).to_have_attribute("data-light", "green")
    await _check_page(page, "case")
    await page.locator("[data-action=new-session]").click()
    await expect(page.get_by_label(ZH["psess_case"])).to_have_value(str(case.id))

    await page.get_by_label(ZH["psess_session_title"]).fill("加装电梯调解")
    await page.get_by_label(ZH["psess_duration"]).fill("90")
    await _choose(page, 0, "张三丰", petitioner, "petitioner")
    await _add_row(page, 1)
    await _choose(page, 1, "王五", department, "department")
    await page.locator("[data-action=create-session]").click()
    # Refused by the composition rules: the message stands next to the participants.
    await expect(page.locator("#participants-error")).to_have_text(
        ZH["psess_error_mediator_required"]
    )
    await expect(page.get_by_label(ZH["psess_session_title"])).to_have_value("加装电梯调解")
    await _check_page(page, "session-new-refused")
    await _add_row(page, 2)
    await _choose(page, 2, "郑调解", mediator, "mediator")
    await page.locator("[data-action=create-session]").click()
    await page.wait_for_url("**/ui/sessions/*-*")
    session_id = UUID(page.url.rstrip("/").rsplit("/", 1)[1])
    await expect(page.locator("h1")).to_have_text("加装电梯调解")
    await expect(page.locator("[data-status]")).to_have_text(ZH["psess_status_unscheduled"])
    await expect(page.locator("[data-partstat]")).to_have_count(3)

    await page.locator("[data-action=find-slots]").click()
    first_book = page.locator("[data-action=book]").first
    await expect(first_book).to_be_visible()
    await _check_page(page, "session")
    first_start = await page.locator(".slot").first.get_attribute("data-start")
    first_slot = await page.locator(".slot").first.inner_text()
    await first_book.click()
    await expect(page.locator("[data-status]")).to_have_text(ZH["psess_status_scheduled"])
    room = await page.locator("[data-field=room]").inner_text()
    assert room in first_slot, (room, first_slot)
    await expect(page.locator("[data-field=start]")).to_contain_text("中国标准时间")
    booked = await sessions.get_session(session_id)
    assert booked.start is not None and booked.start.isoformat() == first_start

    await page.locator("[data-action=find-slots]").click()
    await page.locator("[data-action=pick-slot]").nth(1).click()
    await page.get_by_label(ZH["psess_reason"]).first.fill("调解员临时出差")
    await page.locator("[data-action=reschedule]").click()
    await expect(page.locator("[data-status]")).to_have_text(ZH["psess_status_scheduled"])
    moved = await sessions.get_session(session_id)
    assert moved.start is not None and moved.start > booked.start
    assert moved.sequence > booked.sequence

    await page.goto(f"/ui/sessions/{booked_elsewhere.id}")
    await page.locator("#cancel-reason").fill("双方已自行和解")
    await page.locator("[data-action=cancel]").click()
    await expect(page.locator("[data-status]")).to_have_text(ZH["psess_status_cancelled"])
    await expect(page.locator("main")).to_contain_text("双方已自行和解")
    await expect(page.locator("[data-action=find-slots]")).to_have_count(0)


async def test_a_participant_cannot_open_a_session_they_are_not_in(page: Page) -> None:
    own, _ = await mediation_session("O1")
    other, _ = await mediation_session("O2")
    petitioner = next(p.person_id for p in own.participants if p.role == "petitioner")
    await accounts.create_account("member-o1@x.cn", PASSWORD, Role.PARTICIPANT, petitioner)
    await log_in(page, "member-o1@x.cn")
    answer = await page.goto(f"/ui/sessions/{other.id}")
    assert answer is not None and answer.status == 404
    await expect(page.locator("main")).to_contain_text(ZH["error_not_found"])
    answer = await page.goto(f"/ui/sessions/{own.id}")
    assert answer is not None and answer.status == 200
    await expect(page.locator("[data-action=find-slots]")).to_have_count(0)
    await check_accessibility(page)
    # Cases are staff business: to a participant their own case is unknown, as in the API.
    answer = await page.goto(f"/ui/cases/{own.case_id}")
    assert answer is not None and answer.status == 404
