"""The PAdES seal on real minutes, checked with pyHanko's own validator and qpdf."""

from __future__ import annotations

import asyncio
import re
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import BytesIO
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESStatus
from pyhanko.sign.validation import (
    DocumentSecurityStore,
    SignatureCoverageLevel,
    validate_pdf_signature,
)
from pyhanko.sign.validation.ades import (
    ades_lta_validation,
    simulate_future_ades_lta_validation,
)
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from minutes.archive.long_term import lta_spec
from minutes.document import RECORD_ATTACHMENT_NAME
from minutes.drafts import service as drafts
from minutes.seal.institution import institution
from minutes.seal.pades import SEAL_FIELD, seal_pdf
from minutes.seal_area import SEAL_AREA_ID, height_points, width_points
from tests.support.minutes_builders import STAFF, booked_session, built_minutes, sealed_minutes

NOW = datetime.now(UTC)


async def sealed_pdf(suffix: str) -> bytes:
    sealed = await sealed_minutes(await booked_session(suffix), NOW)
    return (await drafts.minutes_pdf(STAFF, sealed.id))[0]


def the_seal(pdf: bytes):
    [seal] = PdfFileReader(BytesIO(pdf)).embedded_regular_signatures
    return seal


def trusting_only_the_institution() -> ValidationContext:
    trusted = institution()
    return ValidationContext(
        trust_roots=list(trusted.trust_roots), crls=list(trusted.crls), allow_fetching=False
    )


async def test_the_sealed_minutes_carry_a_trusted_timestamped_pades_seal(db) -> None:
    pdf = await sealed_pdf("p1")
    seal = the_seal(pdf)
    assert seal.field_name == SEAL_FIELD
    assert seal.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    context = trusting_only_the_institution()
    status = await asyncio.to_thread(validate_pdf_signature, seal, context, context)
    assert (status.intact, status.valid, status.trusted) == (True, True, True)
    assert status.signing_cert.subject.native["common_name"].endswith("(development seal)")
    timestamp = status.timestamp_validity
    assert timestamp is not None
    assert (timestamp.intact, timestamp.valid, timestamp.trusted) == (True, True, True)
    assert abs(timestamp.timestamp - datetime.now(UTC)) < timedelta(minutes=5)
    # Only the DSS and the document timestamp follow the seal's own revision.
    assert status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
    assert status.modification_level is not None
    assert status.modification_level.name == "LTA_UPDATES"


async def test_the_seal_validates_offline_as_pades_lta_now_and_decades_from_now(db) -> None:
    pdf = await sealed_pdf("p2")
    reader = PdfFileReader(BytesIO(pdf))
    dss = DocumentSecurityStore.read_dss(reader)
    assert len(list(dss.load_certs())) >= 3  # seal, TSA and root
    assert len(dss.crls) >= 1
    assert len(reader.embedded_timestamp_signatures) == 1  # the B-LTA document timestamp
    seal = reader.embedded_regular_signatures[0]
    now = await ades_lta_validation(seal, lta_spec())
    assert now.ades_subindic.status == AdESStatus.PASSED, now.failure_msg
    assert now.oldest_evidence_record_timestamp is not None
    # Long after every certificate has expired, the file's own DSS still suffices.
    later = await simulate_future_ades_lta_validation(
        seal, lta_spec(), datetime.now(UTC) + timedelta(days=365 * 40)
    )
    assert later.ades_subindic.status == AdESStatus.PASSED, later.failure_msg


async def test_sealing_appends_to_the_rendered_file_and_keeps_it_pdf_a_3b(db) -> None:
    draft = await built_minutes(await booked_session("p3"), NOW)
    rendered, _ = await drafts.minutes_pdf(STAFF, draft.id)
    sealed = await asyncio.to_thread(
        seal_pdf, rendered, signer_name="某市信访局", reason="test", location="某市"
    )
    assert sealed.startswith(rendered)
    reader = PdfReader(BytesIO(sealed))
    assert list(reader.attachments) == [RECORD_ATTACHMENT_NAME]
    assert (
        reader.attachments[RECORD_ATTACHMENT_NAME][0]
        == (PdfReader(BytesIO(rendered)).attachments[RECORD_ATTACHMENT_NAME][0])
    )
    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert re.search(r'pdfaid:part(="|>)3', xmp), xmp
    assert re.search(r'pdfaid:conformance(="|>)B', xmp), xmp
    assert reader.pdf_header == "%PDF-1.7"
    # PDF/A-3 is PDF 1.7: nothing may raise the catalog's version to 2.0 (as ECDSA would).
    catalog: Any = reader.trailer["/Root"]
    assert catalog.get("/Version") in (None, "/1.7")


async def test_a_sealed_pdf_passes_qpdf_check(db, tmp_path) -> None:
    path = tmp_path / "sealed.pdf"
    path.write_bytes(await sealed_pdf("p4"))
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors found" in check.stdout
    assert "WARNING" not in check.stdout + check.stderr


async def test_the_visible_seal_covers_the_area_left_for_it_on_the_last_page_in_an_embedded_font(
    db,
) -> None:
    reader = PdfReader(BytesIO(await sealed_pdf("p5")))
    last = reader.pages[-1]
    [widget] = [
        annotation.get_object()
        for annotation in last.get("/Annots", [])
        if annotation.get_object().get("/T") == SEAL_FIELD
    ]
    x1, y1, x2, y2 = (float(value) for value in widget["/Rect"])
    area = reader.named_destinations[SEAL_AREA_ID]
    assert reader.get_destination_page_number(area) == len(reader.pages) - 1
    assert (x1, y2) == (int(area.left), int(area.top))
    assert abs(x2 - x1 - width_points()) <= 1 and abs(y2 - y1 - height_points()) <= 1
    assert 0 < x1 < x2 <= float(last.mediabox.width) and 0 < y1 < y2
    # No text of the page lies under the stamp.
    covered: list[str] = []

    def under_stamp(text: str, _cm: Any, tm: Any, *_: Any) -> None:
        if text.strip() and x1 <= tm[4] <= x2 and y1 <= tm[5] <= y2:
            covered.append(text)

    last.extract_text(visitor_text=under_stamp)
    assert covered == []
    appearance = widget["/AP"]["/N"].get_object()
    fonts = list(_fonts_of(appearance))
    assert fonts, "the stamp draws text"
    for font in fonts:
        [descendant] = font["/DescendantFonts"]
        descriptor = descendant.get_object()["/FontDescriptor"].get_object()
        assert {"/FontFile2", "/FontFile3"} & set(descriptor), descriptor


def _fonts_of(xobject: Any) -> Iterator[Any]:
    resources = xobject.get("/Resources", {})
    for font in resources.get("/Font", {}).values():
        yield font.get_object()
    for inner in resources.get("/XObject", {}).values():
        yield from _fonts_of(inner.get_object())
