"""A coordinator records a mediation through the pages in real chromium, builds its minutes,
sees who signed (signatures given through the API) and seals them."""

from __future__ import annotations

from uuid import UUID

import httpx
from playwright.async_api import Locator, Page, expect

from tests.conftest import PASSWORD
from tests.ui.browser import check_accessibility, overflows_horizontally, screenshot
from tests.ui.record.world import AGENDA_ITEM, MediationWorld, booked_mediation
from tests.ui.world import COORDINATOR_EMAIL
from ui.i18n import labels

ZH = labels("zh-CN")
PDF_TIMEOUT_MS = 60_000


def _form(record: Locator, name: str) -> Locator:
    return record.locator(f"form[data-form={name}]")


async def _choose(form: Locator, label: str, value: str) -> None:
    await form.get_by_label(label, exact=True).select_option(value)


async def _record_the_mediation(record: Locator, world: MediationWorld) -> None:
    positions = _form(record, "positions")
    await _choose(positions, ZH["rec_person"], str(world.petitioner))
    await positions.get_by_label(ZH["rec_statement"], exact=True).fill("要求按2023年标准补偿")
    await positions.locator("[data-action=record-position]").click()
    # Nobody states their case before every party consented (the service's own rule).
    await expect(record.locator("#positions-person_id-error")).to_have_text(
        ZH["rec_error_consent_missing"]
    )
    for party in (world.petitioner, world.department):
        consent = _form(record, "consent")
        await _choose(consent, ZH["rec_person"], str(party))
        await _choose(consent, ZH["rec_consent_answer"], "true")
        await consent.locator("[data-action=record-consent]").click()
        answer = record.locator(f"[data-part=consent] li[data-person='{party}']")
        await expect(answer).to_contain_text(ZH["rec_consent_yes"])
    await record.locator("[data-action=advance-step]").click()
    await expect(record.locator("li[data-step=consent]")).to_have_attribute("data-status", "done")
    await expect(record.locator("li[data-step=parties_state]")).to_have_attribute(
        "data-status", "current"
    )
    for person in (world.petitioner, world.department, world.mediator):
        attendance = _form(record, "attendance")
        await _choose(attendance, ZH["rec_person"], str(person))
        await _choose(attendance, ZH["rec_attendance_status"], "present")
        await attendance.locator("[data-action=record-attendance]").click()
        row = record.locator(f"[data-part=attendance] tr[data-person='{person}']")
        await expect(row).to_contain_text(ZH["rec_attendance_present"])
        # The keyboard stays where it was: on the button, in the fragment swapped in.
        await expect(record.locator("#record-attendance")).to_be_focused()
    for person, statement in (
        (world.petitioner, "要求按2023年标准补偿"),
        (world.department, "同意重新核算补偿款"),
    ):
        positions = _form(record, "positions")
        await _choose(positions, ZH["rec_person"], str(person))
        await positions.get_by_label(ZH["rec_statement"], exact=True).fill(statement)
        await positions.locator("[data-action=record-position]").click()
        await expect(record.locator("[data-part=positions]")).to_contain_text(statement)
    outcome = _form(record, "outcomes")
    await _choose(outcome, ZH["rec_outcome_status"], "agreed")
    await outcome.get_by_label(ZH["rec_outcome_terms"], exact=True).fill("按新标准重新核算")
    await outcome.locator("[data-action=record-outcome]").click()
    await expect(record.locator("[data-part=outcomes] li[data-outcome=agreed]")).to_contain_text(
        AGENDA_ITEM
    )
    agreement = _form(record, "agreement")
    await agreement.get_by_label(ZH["rec_facts"], exact=True).fill("2019年征收张三房屋。")
    await agreement.get_by_label(ZH["rec_disputed_issues"], exact=True).fill("补偿标准\n过渡费")
    first = agreement.locator("fieldset.term").first
    await _choose(first, ZH["rec_obligor"], str(world.department))
    await first.get_by_label(ZH["rec_obligation"], exact=True).fill("按2023年标准重新核算补偿款")
    await first.get_by_label(ZH["rec_manner"], exact=True).fill("书面核算报告送达信访人")
    await first.get_by_label(ZH["rec_deadline"], exact=True).fill("2030-01-31")
    await agreement.locator("[data-action=draft-agreement]").click()
    status = record.locator("[data-part=agreement] .tag[data-status]")
    await expect(status).to_have_text(ZH["rec_agreement_draft"])
    await expect(record.locator("[data-part=agreement]")).to_contain_text(
        "按2023年标准重新核算补偿款"
    )


async def _answer_through_the_api(server: str, world: MediationWorld) -> None:
    """The participants' answers, as the API takes them (recorded by a coordinator)."""
    async with httpx.AsyncClient(base_url=server) as api:
        token = await api.post(
            "/api/v1/auth/token", json={"email": COORDINATOR_EMAIL, "password": PASSWORD}
        )
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        minutes = (
            await api.get(f"/api/v1/sessions/{world.session.id}/minutes", headers=headers)
        ).json()
        answers: list[tuple[UUID, dict[str, str]]] = [
            (world.petitioner, {"decision": "sign"}),
            (world.department, {"decision": "refuse", "reason": "补偿金额待复核"}),
            (world.mediator, {"decision": "sign"}),
        ]
        for person_id, answer in answers:
            body = {"person_id": str(person_id), "version_sha256": minutes["version_sha256"]}
            response = await api.post(
                f"/api/v1/minutes/{minutes['id']}/signatures",
                json={**body, **answer},
                headers=headers,
            )
            assert response.status_code in (200, 201), response.text


async def _open_as_the_session_page_will(page: Page, world: MediationWorld) -> None:
    """The session page (built apart) loads both fragments into its placeholders with htmx;
    until it lands, the dashboard's main stands in for it with the same two placeholders."""
    placeholders = "".join(
        f'<section id="{part}" hx-get="/ui/sessions/{world.session.id}/{part}"'
        ' hx-trigger="load"></section>'
        for part in ("record", "minutes")
    )
    await page.locator("main").evaluate(
        "(main, html) => { main.innerHTML = '<h1>调解</h1>' + html; htmx.process(main); }",
        placeholders,
    )
    await expect(page.locator("#record [data-fragment=record]")).to_be_visible()
    await expect(page.locator("#minutes [data-fragment=minutes]")).to_be_visible()


async def test_a_coordinator_records_a_mediation_then_builds_and_seals_its_minutes(
    coordinator_page: Page, server: str
) -> None:
    page = coordinator_page
    world = await booked_mediation("B1")
    await _open_as_the_session_page_will(page, world)
    record = page.locator("#record")
    await _record_the_mediation(record, world)
    await check_accessibility(page)
    assert not await overflows_horizontally(page)
    await screenshot(page, "session-record")

    minutes = page.locator("#minutes")
    await minutes.locator("[data-action=build-minutes]").click()
    # Rendering the PDF (and, below, sealing it) takes seconds on a busy machine.
    await expect(minutes.locator("dd .tag[data-status]")).to_have_text(
        ZH["rec_minutes_draft"], timeout=PDF_TIMEOUT_MS
    )
    await expect(minutes.locator("tr[data-state=pending]")).to_have_count(3)
    await _answer_through_the_api(server, world)
    # The page alone, as a plain link opens it.
    await page.goto(f"/ui/sessions/{world.session.id}/minutes")
    await expect(page.get_by_role("link", name=ZH["rec_back_to_session"])).to_have_attribute(
        "href", f"/ui/sessions/{world.session.id}"
    )
    await expect(minutes.locator("tr[data-state=sign]")).to_have_count(2)
    refused = minutes.locator(f"tr[data-person='{world.department}']")
    await expect(refused).to_have_attribute("data-state", "refuse")
    await expect(refused).to_contain_text("补偿金额待复核")
    await check_accessibility(page)
    assert not await overflows_horizontally(page)
    await screenshot(page, "session-minutes-signing")

    await minutes.locator("[data-action=seal-minutes]").click()
    await expect(minutes.locator("dd .tag[data-status]")).to_have_text(
        ZH["rec_minutes_sealed"], timeout=PDF_TIMEOUT_MS
    )
    download = minutes.locator("a[data-download=sealed]")
    await expect(download).to_have_text(ZH["rec_download_sealed"])
    href = await download.get_attribute("href")
    assert href is not None
    pdf = await page.request.get(href)
    assert pdf.ok and (await pdf.body()).startswith(b"%PDF")
    await expect(minutes.locator("[data-action]")).to_have_count(0)  # nothing changes now
    await check_accessibility(page)
    await screenshot(page, "session-minutes-sealed")
