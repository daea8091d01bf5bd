"""The public version of sealed public-hearing minutes over HTTP: anyone may download it, and it
names the petitioner 张某 and carries none of their contact details; the sealed original still
does."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from minutes.archive.pdf_inspection import embedded_record
from minutes.document import sha256_hex
from tests.support.api_builders import (
    assert_problem,
    booked_public_hearing_api,
    open_records_days_ahead,
)
from tests.support.audit import audit_rows
from tests.support.flow import post_ok
from tests.support.minutes_builders import booked_session, sealed_minutes
from tests.support.pdf_text import pdf_text

ITEM = "补偿标准"
ID_NUMBER = "11010119900307123X"
STATEMENT_EMAIL = "zhangsan.home@example.cn"
STATEMENT_PHONE = "13912345678"
#: The petitioner's phone in the people directory (``booked_public_hearing_api``).
DIRECTORY_PHONE = "13812345678"


async def _sealed_hearing(client: Any, h: dict[str, str]) -> dict[str, Any]:
    """A public hearing whose petitioner 张三 gave their phone, e-mail and ID number in the
    statement, minuted, signed by everyone and sealed."""
    hearing = await booked_public_hearing_api(client, h, "PUB-1")
    await open_records_days_ahead(30)
    session_id = hearing["session"]["id"]
    petitioner = hearing["petitioner"]
    await post_ok(
        client,
        f"/api/v1/sessions/{session_id}/positions",
        h,
        {
            "person_id": petitioner["id"],
            "agenda_item": ITEM,
            "statement": (
                f"我是张三，身份证号{ID_NUMBER}，电话{STATEMENT_PHONE}，"
                f"邮箱{STATEMENT_EMAIL}。补偿款明显偏低。"
            ),
            "requests": f"请回电{DIRECTORY_PHONE}或发邮件到{petitioner['email']}",
        },
    )
    minutes = await post_ok(client, f"/api/v1/sessions/{session_id}/minutes", h, None)
    base = f"/api/v1/minutes/{minutes['id']}"
    for person_id in minutes["pending_signers"]:
        sha256 = minutes["version_sha256"]
        body = {"person_id": person_id, "decision": "sign", "version_sha256": sha256}
        await post_ok(client, f"{base}/signatures", h, body)
    hearing["minutes"] = await post_ok(client, f"{base}/seal", h, None, 200)
    return hearing


async def test_the_public_version_hides_the_petitioner_and_keeps_the_officials(
    client, coordinator
) -> None:
    hearing = await _sealed_hearing(client, coordinator)
    minutes_id = hearing["minutes"]["id"]

    response = await client.get(f"/api/v1/minutes/{minutes_id}/public.pdf")

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-sha256"] == sha256_hex(response.content)
    public = pdf_text(response.content)
    private = (ID_NUMBER, STATEMENT_PHONE, STATEMENT_EMAIL, DIRECTORY_PHONE)
    for value in (*private, hearing["petitioner"]["email"], "张三"):
        assert value not in public, value
    for value in ("张某", "补偿款明显偏低", "王科长", "刘主持", "听证员0", "〔已删除〕"):
        assert value in public, value
    # The record the public PDF carries is the redacted one too.
    embedded = json.dumps(embedded_record(response.content), ensure_ascii=False)
    assert "张某" in embedded
    for value in (*private, "张三"):
        assert value not in embedded, value

    original = await client.get(f"/api/v1/minutes/{minutes_id}/pdf", headers=coordinator)
    assert original.status_code == 200
    assert original.headers["x-content-sha256"] == hearing["minutes"]["sealed_sha256"]
    sealed = pdf_text(original.content)
    for value in (*private, "张三"):
        assert value in sealed, value

    # Both downloads are in the audit log, which holds none of the petitioner's details.
    public_download, sealed_download = [
        e for e in await audit_rows() if e["action"].endswith("pdf_downloaded")
    ]
    assert public_download["action"] == "minutes.public_pdf_downloaded"
    assert public_download["actor_account_id"] is None
    assert public_download["data"] == {"sha256": response.headers["x-content-sha256"]}
    assert sealed_download["actor_account_id"] is not None
    logged = repr(await audit_rows())
    for value in (DIRECTORY_PHONE, hearing["petitioner"]["email"]):
        assert value not in logged, value


async def test_minutes_that_are_not_a_sealed_public_hearings_have_no_public_version(
    client, coordinator
) -> None:
    mediation = await sealed_minutes(await booked_session("pub-m"), datetime.now(UTC))
    hearing = await booked_public_hearing_api(client, coordinator, "PUB-2")
    draft = await post_ok(
        client, f"/api/v1/sessions/{hearing['session']['id']}/minutes", coordinator, None
    )
    unknown = "00000000-0000-4000-8000-000000000000"

    for minutes_id in (mediation.id, draft["id"], unknown):
        response = await client.get(f"/api/v1/minutes/{minutes_id}/public.pdf")
        assert_problem(response, 404, "public_version_not_found", "id")


async def test_other_minutes_endpoints_still_need_a_login(client, coordinator) -> None:
    mediation = await sealed_minutes(await booked_session("pub-l"), datetime.now(UTC))

    for path in ("pdf", "bag", ""):
        response = await client.get(f"/api/v1/minutes/{mediation.id}/{path}")
        assert_problem(response, 401, "unauthorized")
