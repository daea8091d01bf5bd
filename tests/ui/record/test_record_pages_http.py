"""The record and minutes fragments over HTTP: who may see and act, refusals shown next to
their field in the page's language, the fragment as a page of its own, the PDFs' bytes."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from hearing.panel.conclusion import PanelResult, PanelView
from hearing.proceedings.step_titles import step_title
from hearing.vocabulary import AttendanceStatus, OutcomeStatus, ParticipantRole
from minutes.drafts import service as drafts
from minutes.vocabulary import Decision, VersionStatus
from tests.conftest import login
from tests.support.minutes_builders import STAFF
from tests.ui.record.world import (
    AGENDA_ITEM,
    booked_mediation,
    booked_public_hearing,
    participant_account,
)
from tests.ui.world import coordinator_account, csrf_of, log_in_over_http
from ui.i18n import LANGUAGES, labels
from ui.render import TEMPLATES

ZH, EN = labels("zh-CN"), labels("en")
HTMX = {"HX-Request": "true"}


async def _coordinator(client: Any) -> str:
    """Logged in as a coordinator; the CSRF token of the pages."""
    await coordinator_account()
    await log_in_over_http(client)
    return csrf_of((await client.get("/ui/")).text)


async def test_the_fragment_is_a_page_of_its_own_and_a_bare_part_for_htmx(client: Any) -> None:
    world = await booked_mediation("H1")
    await _coordinator(client)
    page = await client.get(f"/ui/sessions/{world.session.id}/record")
    assert page.status_code == 200
    assert "<html" in page.text and f'href="/ui/sessions/{world.session.id}"' in page.text
    assert '<section id="record">' in page.text
    part = await client.get(f"/ui/sessions/{world.session.id}/record", headers=HTMX)
    assert part.status_code == 200 and "<html" not in part.text
    assert 'data-action="record-attendance"' in part.text
    assert 'hx-target="#record"' in part.text
    assert "王科长" in part.text and ZH["rec_role_department"] in part.text
    minutes = await client.get(f"/ui/sessions/{world.session.id}/minutes", headers=HTMX)
    assert ZH["rec_minutes_none"] in minutes.text and 'data-action="build-minutes"' in minutes.text
    client.cookies.set("lang", "en", path="/ui")
    english = await client.get(f"/ui/sessions/{world.session.id}/record", headers=HTMX)
    assert EN["rec_procedure"] in english.text and EN["rec_role_mediator"] in english.text
    # Step titles in the page's language, not the session's (zh-CN).
    assert step_title("consent", "en") in english.text
    assert step_title("consent", "zh-CN") not in english.text


async def test_a_stranger_gets_404_and_a_participant_reads_without_forms(client: Any) -> None:
    world = await booked_mediation("H2")
    other = await booked_mediation("H3")
    await participant_account(world.petitioner, "petitioner@test.example")
    await drafts.build_minutes(STAFF, other.session.id, datetime.now(UTC))
    await log_in_over_http(client, "petitioner@test.example")
    csrf = csrf_of((await client.get("/ui/")).text)
    for section in ("record", "minutes"):
        assert (await client.get(f"/ui/sessions/{other.session.id}/{section}")).status_code == 404
    other_minutes = await drafts.session_minutes(STAFF, other.session.id)
    assert (await client.get(f"/ui/minutes/{other_minutes.id}/pdf")).status_code == 404
    # Another session's record is as unknown to them through a form as through a link.
    stranger = await client.post(
        f"/ui/sessions/{other.session.id}/record/consent",
        data={"person_id": str(other.petitioner), "consent": "true", "_csrf_token": csrf},
    )
    assert stranger.status_code == 404 and "张三" not in stranger.text
    own = await client.get(f"/ui/sessions/{world.session.id}/record", headers=HTMX)
    assert own.status_code == 200 and "张三" in own.text
    assert "data-action=" not in own.text  # a participant records nothing
    refused = await client.post(
        f"/ui/sessions/{world.session.id}/record/attendance",
        data={"person_id": str(world.petitioner), "status": "present", "_csrf_token": csrf},
    )
    assert refused.status_code == 403  # as the API: attendance is staff business
    build = await client.post(
        f"/ui/sessions/{world.session.id}/minutes", data={"_csrf_token": csrf}
    )
    assert build.status_code == 403 and ZH["rec_error_role_not_allowed"] in build.text


async def test_a_write_before_the_record_opens_is_refused_in_the_pages_language(
    client: Any,
) -> None:
    world = await booked_mediation("H4", started=False)
    csrf = await _coordinator(client)
    body = {"person_id": str(world.petitioner), "status": "present", "_csrf_token": csrf}
    path = f"/ui/sessions/{world.session.id}/record/attendance"
    plain = await client.post(path, data=body)
    assert plain.status_code == 422
    assert 'data-code="session_not_started"' in plain.text
    assert ZH["rec_error_session_not_started"] in plain.text
    # htmx swaps only a 200: the refusal comes inside the fragment.
    client.cookies.set("lang", "en", path="/ui")
    swapped = await client.post(path, data=body, headers=HTMX)
    assert swapped.status_code == 200 and "<html" not in swapped.text
    assert EN["rec_error_session_not_started"] in swapped.text
    record = await client.get(
        f"/api/v1/sessions/{world.session.id}/record", headers=await _api(client)
    )
    assert record.json()["attendance"] == []  # nothing half-written


async def _api(client: Any) -> dict[str, str]:
    return await login(client, "coordinator@test.example")


async def test_a_missing_or_bad_field_is_named_next_to_it(client: Any) -> None:
    world = await booked_mediation("H5")
    csrf = await _coordinator(client)
    base = f"/ui/sessions/{world.session.id}/record"
    missing = await client.post(
        f"{base}/attendance", data={"status": "present", "_csrf_token": csrf}
    )
    assert missing.status_code == 422
    assert 'id="attendance-person_id-error"' in missing.text
    assert 'aria-describedby="attendance-person_id-error"' in missing.text
    bad = await client.post(
        f"{base}/outcomes",
        data={"agenda_item": AGENDA_ITEM, "status": "won", "_csrf_token": csrf},
    )
    assert bad.status_code == 422 and 'id="outcomes-status-error"' in bad.text
    term = await client.post(
        f"{base}/agreement",
        data={
            "facts": "事实",
            "obligor_id": ["", ""],
            "obligation": ["补发过渡费", ""],
            "manner": ["转账", ""],
            "deadline": ["2030-01-31", ""],
            "_csrf_token": csrf,
        },
    )
    assert term.status_code == 422
    assert 'id="agreement-terms-0-obligor_id-error"' in term.text


async def test_a_position_before_consent_is_refused_by_the_rule_itself(client: Any) -> None:
    world = await booked_mediation("H6")
    csrf = await _coordinator(client)
    response = await client.post(
        f"/ui/sessions/{world.session.id}/record/positions",
        data={
            "person_id": str(world.petitioner),
            "agenda_item": AGENDA_ITEM,
            "statement": "要求按新标准补偿",
            "_csrf_token": csrf,
        },
        headers=HTMX,
    )
    assert 'data-code="consent_missing"' in response.text
    assert 'id="positions-person_id-error"' in response.text
    assert ZH["rec_error_consent_missing"] in response.text
    # What was typed is still there, to send again once the consent is given.
    assert ">要求按新标准补偿</textarea>" in response.text
    assert f'<option value="{world.petitioner}" selected>' in response.text


async def test_a_plain_post_that_works_goes_back_to_the_fragments_page(client: Any) -> None:
    world = await booked_mediation("H7")
    csrf = await _coordinator(client)
    response = await client.post(
        f"/ui/sessions/{world.session.id}/record/attendance",
        data={"person_id": str(world.mediator), "status": "present", "_csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/ui/sessions/{world.session.id}/record"
    page = await client.get(response.headers["location"])
    assert f'data-person="{world.mediator}"' in page.text
    assert 'data-attendance="present"' in page.text


async def test_the_pages_pdf_is_the_apis_bytes(client: Any) -> None:
    world = await booked_mediation("H8")
    csrf = await _coordinator(client)
    built = await client.post(
        f"/ui/sessions/{world.session.id}/minutes", data={"_csrf_token": csrf}, headers=HTMX
    )
    assert f'data-state="{"pending"}"' in built.text
    minutes_id = re.search(r"/ui/minutes/([0-9a-f-]{36})/pdf", built.text)
    assert minutes_id, built.text
    page_pdf = await client.get(f"/ui/minutes/{minutes_id.group(1)}/pdf")
    api_pdf = await client.get(
        f"/api/v1/minutes/{minutes_id.group(1)}/pdf", headers=await _api(client)
    )
    assert page_pdf.status_code == 200 and page_pdf.headers["content-type"] == "application/pdf"
    assert page_pdf.content == api_pdf.content and page_pdf.content.startswith(b"%PDF")
    version = await client.get(f"/ui/minutes/{minutes_id.group(1)}/versions/1/pdf")
    assert version.headers["x-content-sha256"] == page_pdf.headers["x-content-sha256"]


async def test_an_agreement_signed_by_every_party_and_the_mediator_becomes_effective(
    client: Any,
) -> None:
    world = await booked_mediation("H13")
    csrf = await _coordinator(client)
    base = f"/ui/sessions/{world.session.id}/record"
    drafted = await client.post(
        f"{base}/agreement",
        data={
            "facts": "2019年征收张三房屋。",
            "disputed_issues": "补偿标准",
            "obligor_id": [str(world.department), ""],
            "obligation": ["补发过渡费", ""],
            "manner": ["转账至信访人账户", ""],
            "deadline": ["2030-01-31", ""],
            "_csrf_token": csrf,
        },
        headers=HTMX,
    )
    version = re.search(r'name="version_sha256" value="([0-9a-f]{64})"', drafted.text)
    assert version, drafted.text
    sign = {"version_sha256": version.group(1), "_csrf_token": csrf}
    path = f"{base}/agreement/signatures"
    no_reason = await client.post(
        path, data={**sign, "person_id": str(world.petitioner), "decision": "refuse"}
    )
    assert no_reason.status_code == 422
    assert 'id="agreement-signature-reason-error" data-code="reason_required"' in no_reason.text
    for signer in (world.petitioner, world.department, world.mediator):
        signed = await client.post(
            path, data={**sign, "person_id": str(signer), "decision": "sign"}, headers=HTMX
        )
        assert f'data-signer="{signer}" data-decision="sign"' in signed.text
    assert 'data-status="effective"' in signed.text
    assert 'data-action="sign-agreement"' not in signed.text  # nobody is left to sign
    items = await client.get(
        f"/api/v1/action-items?session_id={world.session.id}", headers=await _api(client)
    )
    assert [item["title"] for item in items.json()["items"]] == ["补发过渡费"]


def test_every_label_of_the_record_templates_is_in_both_catalogs() -> None:
    named = {
        key
        for template in (TEMPLATES / "record").glob("*.html")
        for key in re.findall(r"\bt\.(rec_\w+)", template.read_text("utf-8"))
    }
    dynamic = (
        {f"rec_role_{role}" for role in ParticipantRole}
        | {f"rec_attendance_{status}" for status in AttendanceStatus}
        | {f"rec_outcome_{status}" for status in OutcomeStatus}
        | {f"rec_view_{view}" for view in PanelView}
        | {f"rec_result_{result}" for result in PanelResult}
        | {f"rec_minutes_{status}" for status in VersionStatus}
        | {f"rec_signer_{decision}" for decision in Decision}
        | {"rec_signer_pending", "rec_signer_excused", "rec_page_record", "rec_page_minutes"}
        | {"rec_decide_sign", "rec_decide_refuse"}
        | {f"rec_step_{status}" for status in ("pending", "current", "done", "skipped")}
        | {f"rec_agreement_{status}" for status in ("draft", "signing", "effective", "refused")}
    )
    for language in LANGUAGES:
        assert named | dynamic <= set(labels(language)), language


async def test_a_hearing_officers_view_joins_the_panels_conclusion(client: Any) -> None:
    session = await booked_public_hearing("H9")
    csrf = await _coordinator(client)
    officers = [p.person_id for p in session.participants if p.role == "hearing_officer"]
    petitioner = next(p.person_id for p in session.participants if p.role == "petitioner")
    path = f"/ui/sessions/{session.id}/record/votes"
    form = {"agenda_item": "补偿标准", "view": "supported", "_csrf_token": csrf}
    for officer in officers[:2]:
        voted = await client.post(path, data={**form, "person_id": str(officer)}, headers=HTMX)
        assert voted.status_code == 200 and "data-code" not in voted.text
    assert ZH["rec_result_supported"] in voted.text  # two of three: a majority
    assert 'data-action="record-vote"' in voted.text
    assert 'data-part="consent"' not in voted.text and 'data-part="agreement"' not in voted.text
    refused = await client.post(path, data={**form, "person_id": str(petitioner)})
    assert refused.status_code == 422
    assert 'id="votes-person_id-error" data-code="not_a_hearing_officer"' in refused.text


async def test_skipping_a_step_needs_a_reason_and_shows_it_once_given(client: Any) -> None:
    session = await booked_public_hearing("H10")
    mediation = await booked_mediation("H10M")
    csrf = await _coordinator(client)
    path = f"/ui/sessions/{session.id}/record/procedure/skip"
    form = {"step": "identities_checked", "_csrf_token": csrf}
    blank = await client.post(path, data={**form, "reason": " "})
    assert blank.status_code == 422
    assert 'id="skip-reason-error" data-code="reason_required"' in blank.text
    assert ZH["rec_error_reason_required"] in blank.text
    skipped = await client.post(path, data={**form, "reason": "身份已在入场时核对"}, headers=HTMX)
    assert 'data-step="identities_checked" data-status="skipped"' in skipped.text
    assert "身份已在入场时核对" in skipped.text
    assert 'name="step" value="matter_and_panel_announced"' in skipped.text
    wrong = await client.post(path, data={**form, "reason": "再跳一次"})
    assert wrong.status_code == 409 and ZH["rec_error_step_out_of_order"] in wrong.text
    consent = await client.post(
        f"/ui/sessions/{mediation.session.id}/record/procedure/skip",
        data={"step": "consent", "reason": "x", "_csrf_token": csrf},
    )
    assert consent.status_code == 422 and 'data-code="consent_cannot_be_skipped"' in consent.text


async def test_a_withdrawal_ends_the_mediation_and_the_forms_refuse_with_session_ended(
    client: Any,
) -> None:
    world = await booked_mediation("H11")
    csrf = await _coordinator(client)
    base = f"/ui/sessions/{world.session.id}/record"
    withdrew = {"person_id": str(world.petitioner), "status": "withdrew", "_csrf_token": csrf}
    no_reason = await client.post(f"{base}/attendance", data=withdrew)
    assert 'data-code="withdrawal_reason_required"' in no_reason.text
    ended = await client.post(
        f"{base}/attendance", data={**withdrew, "note": "不愿继续调解"}, headers=HTMX
    )
    assert f'data-withdrawal="{world.petitioner}"' in ended.text and "不愿继续调解" in ended.text
    assert 'data-ended="party_withdrew"' in ended.text
    later = await client.post(
        f"{base}/outcomes",
        data={"agenda_item": AGENDA_ITEM, "status": "not_agreed", "_csrf_token": csrf},
    )
    assert later.status_code == 409 and ZH["rec_error_session_ended"] in later.text


async def test_an_excused_absentee_is_shown_as_not_waited_for(client: Any) -> None:
    world = await booked_mediation("H12")
    csrf = await _coordinator(client)
    await client.post(
        f"/ui/sessions/{world.session.id}/record/attendance",
        data={"person_id": str(world.department), "status": "absent_excused", "_csrf_token": csrf},
    )
    built = await client.post(
        f"/ui/sessions/{world.session.id}/minutes", data={"_csrf_token": csrf}, headers=HTMX
    )
    assert re.search(rf'data-person="{world.department}" data-state="excused"', built.text)
    assert re.search(rf'data-person="{world.petitioner}" data-state="pending"', built.text)
    seal = await client.post(
        f"/ui/sessions/{world.session.id}/minutes/seal", data={"_csrf_token": csrf}
    )
    assert seal.status_code == 422 and ZH["rec_error_signatures_missing"] in seal.text
