"""The document number over HTTP: given at the first build, kept by later versions, printed."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from tests.support.api_builders import draft_minutes
from tests.support.flow import post_ok


async def test_minutes_are_numbered_at_the_first_build_and_keep_the_number(
    client, coordinator
) -> None:
    first = await draft_minutes(client, coordinator, "XF-DN1")
    second = await draft_minutes(client, coordinator, "XF-DN2")
    year = first["start"].year
    assert first["minutes"]["document_number"] == f"〔{year}〕第0001号"
    assert second["minutes"]["document_number"] == f"〔{year}〕第0002号"

    rebuilt = await post_ok(
        client, f"/api/v1/sessions/{first['session']['id']}/minutes", coordinator, None
    )
    assert (rebuilt["version"], rebuilt["document_number"]) == (2, f"〔{year}〕第0001号")
    fetched = await client.get(f"/api/v1/minutes/{rebuilt['id']}", headers=coordinator)
    assert fetched.json()["document_number"] == f"〔{year}〕第0001号"

    pdf = await client.get(f"/api/v1/minutes/{rebuilt['id']}/pdf", headers=coordinator)
    first_page = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    text = re.sub(r"\s+", "", first_page)
    assert "Defaultjurisdiction" in text
    assert f"〔{year}〕第0001号" in text
    assert "草稿" in text
