"""The public verification endpoint and the certificates behind it, over HTTP with no login,
and the same check made by someone holding only the PDF and the certificates."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from asn1crypto import pem, x509

from tests.minutes.drafts.test_minutes_access_api import minuted, seal
from tests.minutes.test_document import sample_document
from tests.support.seal_files import (
    append_annotation_and_info_change,
    flip_byte_in_a_signed_stream,
    sealed_document,
)

PYHANKO = Path(sys.executable).with_name("pyhanko")


async def verify(client: Any, content: bytes) -> dict[str, Any]:
    """The verdict on ``content``, asked without any Authorization header."""
    response = await client.post(
        "/api/v1/archive/verify", files={"file": ("minutes.pdf", content, "application/pdf")}
    )
    assert response.status_code == 200, response.text
    verdict: dict[str, Any] = response.json()
    return verdict


async def sealed_setup(client: Any, coordinator: dict[str, str], reference: str) -> Any:
    sealed = await seal(client, coordinator, await minuted(client, coordinator, reference))
    response = await client.get(f"/api/v1/minutes/{sealed['id']}/pdf", headers=coordinator)
    assert response.status_code == 200
    return sealed, response.content


async def test_the_sealed_original_is_intact_for_anyone_who_asks(client, coordinator) -> None:
    sealed, pdf = await sealed_setup(client, coordinator, "VF-1")
    verdict = await verify(client, pdf)
    assert verdict["problems"] == []
    assert verdict["intact"] is True
    assert (verdict["minutes_id"], verdict["version"]) == (sealed["id"], sealed["version"])
    assert verdict["sha256"] == sealed["sealed_sha256"]
    assert verdict["seal"]["valid"] is True
    assert verdict["seal"]["timestamp_valid"] is True
    assert verdict["seal"]["covers_whole_file"] is True
    assert verdict["seal"]["signer"].endswith("(development seal)")
    assert verdict["seal"]["signed_at"].endswith(("Z", "+00:00"))
    assert verdict["seal"]["level"] == "B-LTA"
    assert len(verdict["signatures"]) == 3
    assert {s["decision"] for s in verdict["signatures"]} == {"sign"}
    assert all(s["valid"] for s in verdict["signatures"])


async def test_a_flipped_byte_is_reported_as_altered_with_no_decisions(client, coordinator) -> None:
    sealed, pdf = await sealed_setup(client, coordinator, "VF-2")
    verdict = await verify(client, flip_byte_in_a_signed_stream(pdf))
    assert verdict["intact"] is False
    assert verdict["minutes_id"] == sealed["id"]
    assert verdict["seal"]["valid"] is False
    assert verdict["signatures"] == []
    assert any("seal's digest no longer matches" in p for p in verdict["problems"])


async def test_an_update_appended_after_sealing_is_reported(client, coordinator) -> None:
    sealed, pdf = await sealed_setup(client, coordinator, "VF-3")
    verdict = await verify(client, append_annotation_and_info_change(pdf))
    assert verdict["intact"] is False
    assert verdict["minutes_id"] == sealed["id"]
    assert verdict["seal"]["valid"] is True
    assert verdict["seal"]["covers_whole_file"] is False
    assert verdict["signatures"] == []
    assert any("changed after it was sealed" in p for p in verdict["problems"])


async def test_a_re_rendered_and_re_sealed_copy_is_not_the_archived_original(
    client, coordinator
) -> None:
    sealed, _ = await sealed_setup(client, coordinator, "VF-4")
    document = replace(sample_document(), minutes_id=sealed["id"], session_title="调解已撤回")
    verdict = await verify(client, await asyncio.to_thread(sealed_document, document))
    assert verdict["seal"]["valid"] is True
    assert verdict["seal"]["covers_whole_file"] is True
    assert verdict["intact"] is False
    assert verdict["minutes_id"] == sealed["id"]
    assert verdict["signatures"] == []
    assert "re-rendered" in verdict["problems"][0]
    assert sealed["sealed_sha256"] in verdict["problems"][0]


async def test_a_draft_is_named_as_a_draft_not_as_altered(client, coordinator) -> None:
    setup = await minuted(client, coordinator, "VF-5")
    minutes_id = setup["minutes"]["id"]
    draft = (await client.get(f"/api/v1/minutes/{minutes_id}/pdf", headers=coordinator)).content
    verdict = await verify(client, draft)
    assert verdict["intact"] is False
    assert (verdict["minutes_id"], verdict["version"]) == (minutes_id, 1)
    assert verdict["problems"] == [f"draft version 1 of minutes {minutes_id}, not sealed"]
    assert verdict["signatures"] == []


async def test_garbage_gets_an_answer_naming_the_problem(client) -> None:
    verdict = await verify(client, b"\x89PNG\r\n\x1a\n not a pdf at all")
    assert verdict["intact"] is False
    assert verdict["minutes_id"] is None
    assert verdict["seal"]["valid"] is False
    assert verdict["problems"][0] == "the file is not a Concord minutes PDF"


async def test_an_upload_without_a_file_is_refused_naming_the_field(client) -> None:
    response = await client.post(
        "/api/v1/archive/verify", files={"other": ("x.pdf", b"%PDF", "application/pdf")}
    )
    assert 400 <= response.status_code < 500, response.text
    assert "file" in response.text


async def test_the_certificates_are_public_pem_with_the_seal_and_tsa_chains(client) -> None:
    response = await client.get("/api/v1/archive/certificate")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-pem-file")
    certificates = [
        x509.Certificate.load(der) for _, _, der in pem.unarmor(response.content, multiple=True)
    ]
    names = {c.subject.native["common_name"] for c in certificates}
    assert "Concord development root CA" in names
    assert "Concord development TSA" in names
    assert any(name.endswith("(development seal)") for name in names)
    [tsa] = [c for c in certificates if c.subject.native["common_name"].endswith("TSA")]
    assert tsa.extended_key_usage_value.native == ["time_stamping"]


async def test_stock_pyhanko_validates_the_pdf_with_only_the_published_certificates(
    client, coordinator, tmp_path
) -> None:
    _, pdf = await sealed_setup(client, coordinator, "VF-6")
    trust = tmp_path / "concord.pem"
    trust.write_bytes((await client.get("/api/v1/archive/certificate")).content)
    original = tmp_path / "minutes.pdf"
    original.write_bytes(pdf)
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(flip_byte_in_a_signed_stream(pdf))

    good = await asyncio.to_thread(_pyhanko_validate, trust, original)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "The signer's certificate is trusted." in good.stdout
    assert "The TSA certificate is trusted." in good.stdout
    assert "The signature is judged VALID." in good.stdout

    bad = await asyncio.to_thread(_pyhanko_validate, trust, tampered)
    assert bad.returncode != 0
    assert "The signature is judged VALID." not in bad.stdout
    assert "INVALID" in bad.stdout + bad.stderr


def _pyhanko_validate(trust: Path, pdf: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(PYHANKO),
            *("sign", "validate", "--pretty-print"),
            *("--trust", str(trust), "--trust-replace"),
            str(pdf),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
