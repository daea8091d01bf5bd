"""The archive page over HTTP: search, downloads, verification, and who may open it."""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Any

from tests.support.archive_world import Archived, sealed_mediation
from tests.ui.parch_world import (
    ARCHIVIST_EMAIL,
    MEMBER_EMAIL,
    OUTSIDER_EMAIL,
    archivist_account,
    participant_account,
)
from tests.ui.world import coordinator_account, csrf_of, log_in_over_http
from ui import archive as archive_page
from ui.i18n import labels

ZH = labels("zh-CN")


async def _archivist_with_two_sealed(client: Any) -> tuple[Archived, Archived]:
    land = await sealed_mediation("A1", "征地补偿", "征地补偿调解", days_ahead=10)
    wages = await sealed_mediation("A2", "拖欠工资", "工资争议调解", days_ahead=20)
    await archivist_account()
    assert (await log_in_over_http(client, ARCHIVIST_EMAIL)).status_code == 303
    return land, wages


async def _verify(client: Any, content: bytes, name: str = "minutes.pdf") -> Any:
    page = await client.get("/ui/archive")
    return await client.post(
        "/ui/archive/verify",
        data={"_csrf_token": csrf_of(page.text)},
        files={"file": (name, content, "application/pdf")},
    )


async def test_the_archivist_finds_sealed_minutes_by_each_criterion(client: Any) -> None:
    land, wages = await _archivist_with_two_sealed(client)
    page = (await client.get("/ui/archive")).text
    assert str(land.minutes.document_number) in page and str(wages.minutes.document_number) in page
    assert 'href="/api/v1/archive/certificate"' in page
    by_case = (await client.get("/ui/archive", params={"case": "XF-A2"})).text
    assert f'data-minutes-id="{wages.minutes.id}"' in by_case
    assert f'data-minutes-id="{land.minutes.id}"' not in by_case
    by_title = (await client.get("/ui/archive", params={"session_title": "征地"})).text
    assert f'data-minutes-id="{land.minutes.id}"' in by_title
    assert f'data-minutes-id="{wages.minutes.id}"' not in by_title
    day = land.session.start.date().isoformat()
    by_day = (await client.get("/ui/archive", params={"held_from": day, "held_to": day})).text
    assert f'data-minutes-id="{land.minutes.id}"' in by_day
    assert f'data-minutes-id="{wages.minutes.id}"' not in by_day
    number = (
        await client.get("/ui/archive", params={"document_number": land.minutes.document_number})
    ).text
    assert f'data-minutes-id="{wages.minutes.id}"' not in number
    assert f'data-minutes-id="{land.minutes.id}"' in number


async def test_a_bad_date_or_a_reversed_range_is_named_next_to_its_field(client: Any) -> None:
    await _archivist_with_two_sealed(client)
    bad = await client.get("/ui/archive", params={"held_from": "2027-02-30"})
    assert bad.status_code == 400
    assert 'id="held_from-error"' in bad.text and ZH["archive_error_invalid_date"] in bad.text
    assert "data-minutes-id" not in bad.text
    control = await client.get("/ui/archive", params={"case": "a\nb"})
    assert control.status_code == 400 and 'id="case-error"' in control.text
    assert ZH["archive_error_invalid_text"] in control.text
    # A NUL is refused before any page sees it (no database can compare it): a page still.
    nul = await client.get("/ui/archive", params={"case": "a\x00b"})
    assert nul.status_code == 400 and nul.headers["content-type"].startswith("text/html")
    assert ZH["error_bad_request"] in nul.text
    reversed_range = await client.get(
        "/ui/archive", params={"held_from": "2030-01-02", "held_to": "2030-01-01"}
    )
    assert reversed_range.status_code == 422
    assert 'id="held_to-error"' in reversed_range.text
    assert ZH["archive_error_date_range_reversed"] in reversed_range.text


async def test_the_downloads_are_the_sealed_pdf_and_its_bag(client: Any) -> None:
    land, _ = await _archivist_with_two_sealed(client)
    pdf = await client.get(f"/ui/archive/{land.minutes.id}/minutes.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == land.minutes.sealed_sha256
    bag = await client.get(f"/ui/archive/{land.minutes.id}/bag.zip")
    assert bag.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(bag.content)).namelist()
    assert f"{land.minutes.id}/data/minutes.pdf" in names
    assert f"{land.minutes.id}/manifest-sha256.txt" in names


async def test_verifying_the_original_and_an_altered_copy(client: Any) -> None:
    land, _ = await _archivist_with_two_sealed(client)
    original = (await client.get(f"/ui/archive/{land.minutes.id}/minutes.pdf")).content
    intact = await _verify(client, original)
    assert intact.status_code == 200
    assert 'data-intact="true"' in intact.text and ZH["archive_intact"] in intact.text
    assert str(land.minutes.document_number) in intact.text
    assert intact.text.count(ZH["archive_decision_sign"]) == 3  # each participant signed
    altered = await _verify(client, original + b"\n% appended\n")
    assert 'data-intact="false"' in altered.text and ZH["archive_not_intact"] in altered.text
    assert ZH["archive_reason_not_the_original"] in altered.text
    assert "differs from the sealed original" in altered.text  # the service's own detail


async def test_an_empty_upload_is_refused_next_to_the_file_field(client: Any) -> None:
    await _archivist_with_two_sealed(client)
    response = await _verify(client, b"")
    assert response.status_code == 422
    assert 'id="file-error"' in response.text and ZH["archive_error_empty_file"] in response.text


async def test_a_verification_without_its_csrf_token_is_refused(client: Any) -> None:
    await _archivist_with_two_sealed(client)
    response = await client.post(
        "/ui/archive/verify", files={"file": ("x.pdf", b"%PDF-1.7", "application/pdf")}
    )
    assert response.status_code == 403


async def test_a_coordinator_may_use_the_archive_page(client: Any) -> None:
    land = await sealed_mediation("A3", "征地补偿", "征地补偿调解")
    await coordinator_account()
    await log_in_over_http(client)
    page = await client.get("/ui/archive")
    assert page.status_code == 200 and f'data-minutes-id="{land.minutes.id}"' in page.text
    assert (await client.get(f"/ui/archive/{land.minutes.id}/bag.zip")).status_code == 200


async def test_participants_cannot_open_the_archive_page_nor_its_files(client: Any) -> None:
    land = await sealed_mediation("A4", "征地补偿", "征地补偿调解")
    other = await sealed_mediation("A5", "拖欠工资", "工资争议调解")
    await participant_account(MEMBER_EMAIL, land.session.signers[0])
    await participant_account(OUTSIDER_EMAIL, other.session.signers[0])
    for email in (MEMBER_EMAIL, OUTSIDER_EMAIL):
        client.cookies.clear()
        assert (await log_in_over_http(client, email)).status_code == 303
        page = await client.get("/ui/archive")
        assert page.status_code == 403, email
        assert str(land.minutes.document_number) not in page.text
        assert 'href="/ui/archive"' not in (await client.get("/ui/")).text  # no menu entry
        for path in ("minutes.pdf", "bag.zip"):
            response = await client.get(f"/ui/archive/{land.minutes.id}/{path}")
            # Refused as the API refuses: by role, or as unknown to a stranger to the minutes.
            assert response.status_code in (403, 404), (email, path)
            assert not response.content.startswith(b"%PDF")
        assert (await _verify(client, b"%PDF-1.7")).status_code == 403


async def test_the_archive_page_speaks_english_when_asked(client: Any) -> None:
    await _archivist_with_two_sealed(client)
    client.cookies.set("lang", "en", path="/ui")
    page = await client.get("/ui/archive")
    assert '<html lang="en">' in page.text
    assert labels("en")["archive_field_session_title"] in page.text
    assert "China Standard Time" in page.text  # the session's time, its zone named


def test_the_pages_of_results_keep_the_search() -> None:
    form = {"case": "XF 1", "session_title": "", "held_from": "2027-01-01"}
    assert archive_page._pages(form, 0, archive_page.SHOWN) == {}
    middle = archive_page._pages(form, archive_page.SHOWN, 3 * archive_page.SHOWN)
    assert middle == {
        "previous": "/ui/archive?case=XF+1&held_from=2027-01-01&offset=0",
        "next": f"/ui/archive?case=XF+1&held_from=2027-01-01&offset={2 * archive_page.SHOWN}",
    }
