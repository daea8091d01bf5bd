from __future__ import annotations

import io
import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from hearing.vocabulary import (
    ActionItemStatus,
    AttendanceStatus,
    OutcomeStatus,
    ParticipantRole,
    SessionKind,
)
from minutes.document import (
    RECORD_ATTACHMENT_NAME,
    MinutesDocument,
    MinutesParticipant,
    record_json,
)
from minutes.render.renderer import LABELS, MinutesRenderer, build_context, format_session_time
from tests.minutes.test_document import sample_document


@pytest.fixture(scope="module")
def renderer() -> MinutesRenderer:
    return MinutesRenderer()


@pytest.fixture(scope="module")
def chinese_pdf(renderer: MinutesRenderer) -> bytes:
    return renderer.render_pdf(sample_document("zh-CN"))


@pytest.fixture(scope="module")
def english_pdf(renderer: MinutesRenderer) -> bytes:
    return renderer.render_pdf(sample_document("en"))


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return result.stdout


def test_chinese_minutes_text_holds_chinese_names_and_labels(
    chinese_pdf: bytes, tmp_path: Path
) -> None:
    text = _pdftotext(chinese_pdf, tmp_path)

    for expected in ("张三", "李四", "信访人", "责任单位代表", "参加人员", "公开听证笔录"):
        assert expected in text
    assert "Participants" not in text


def test_chinese_names_are_extractable_with_pypdf_too(chinese_pdf: bytes) -> None:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(chinese_pdf)).pages)

    assert "张三" in text
    assert "信访人" in text


def test_english_minutes_use_english_labels_and_keep_chinese_names(
    english_pdf: bytes, tmp_path: Path
) -> None:
    text = _pdftotext(english_pdf, tmp_path)

    for expected in ("Participants", "Petitioner", "Minutes of public hearing", "张三"):
        assert expected in text
    assert "信访人" not in text


def test_refusal_to_sign_is_printed_with_its_reason(chinese_pdf: bytes, tmp_path: Path) -> None:
    text = _pdftotext(chinese_pdf, tmp_path)

    assert "拒绝签名" in text
    assert "对事实认定有异议" in text


def test_mixed_sample_fills_three_pages_and_the_audit_page_comes_last(chinese_pdf: bytes) -> None:
    # The timing figure in the report is for this document; keep it representative.
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(chinese_pdf)).pages]
    assert len(pages) == 4
    assert [("签署审计页" in text) for text in pages] == [False, False, False, True]


def test_every_font_is_embedded(chinese_pdf: bytes, english_pdf: bytes, tmp_path: Path) -> None:
    for name, pdf in (("zh.pdf", chinese_pdf), ("en.pdf", english_pdf)):
        path = tmp_path / name
        path.write_bytes(pdf)
        listing = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, check=True, text=True
        ).stdout
        rows = listing.splitlines()[2:]
        assert rows, "no fonts listed"
        # Columns after the name: type (one or more words), encoding, emb, sub, uni, object id.
        assert all(row.split()[-5] == "yes" for row in rows), listing


def test_pdf_claims_pdf_a_3b(chinese_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(chinese_pdf)) as pdf:
        metadata = pdf.open_metadata()
        assert metadata["pdfaid:part"] == "3"
        assert metadata["pdfaid:conformance"] == "B"
        assert "/OutputIntents" in pdf.Root


def test_pdf_passes_qpdf_structure_check(chinese_pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "minutes.pdf"
    path.write_bytes(chinese_pdf)

    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)

    assert result.returncode == 0, result.stdout + result.stderr


def test_record_json_is_attached_as_data(chinese_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(chinese_pdf)) as pdf:
        attached = pdf.attachments[RECORD_ATTACHMENT_NAME]
        assert attached.get_file().read_bytes() == record_json(sample_document("zh-CN"))
        assert attached.obj.AFRelationship == pikepdf.Name.Data
        assert len(pdf.Root.AF) == 1


def test_metadata_names_title_marker_and_generation_time(chinese_pdf: bytes) -> None:
    metadata = PdfReader(io.BytesIO(chinese_pdf)).metadata
    assert metadata is not None

    assert metadata.title is not None and "关于张三房屋征收补偿的公开听证" in metadata.title
    assert metadata.keywords == "concord-minutes:6f1c2d9e-7d4b-4c8e-9a51-0c3f2e1d0a42:v2"
    assert metadata.creation_date == datetime(2027, 3, 15, 4, 0, tzinfo=UTC)
    assert metadata.modification_date == metadata.creation_date


def test_both_locales_translate_the_same_labels_and_every_vocabulary_value() -> None:
    assert set(LABELS) == {"en", "zh-CN"}
    assert set(LABELS["en"]) == set(LABELS["zh-CN"])
    vocabulary = {
        "kind": SessionKind,
        "role": ParticipantRole,
        "attendance": AttendanceStatus,
        "outcome": OutcomeStatus,
        "action": ActionItemStatus,
    }
    for group, values in vocabulary.items():
        assert {f"{group}.{value}" for value in values} <= set(LABELS["en"])
    assert {"decision.sign", "decision.refuse", "decision.not_signed"} <= set(LABELS["en"])


def test_chinese_html_declares_zh_cn_and_english_html_en(renderer: MinutesRenderer) -> None:
    assert '<html lang="zh-CN">' in renderer.render_html(sample_document("zh-CN"))
    assert '<html lang="en">' in renderer.render_html(sample_document("en"))


def test_user_text_is_html_escaped(renderer: MinutesRenderer) -> None:
    doc = replace(sample_document("en"), session_title="<script>alert(1)</script>")

    html = renderer.render_html(doc)

    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_rerendering_the_same_document_is_byte_identical(
    renderer: MinutesRenderer, chinese_pdf: bytes
) -> None:
    assert renderer.render_pdf(sample_document("zh-CN")) == chinese_pdf


def test_observers_are_not_asked_to_sign() -> None:
    rows = build_context(sample_document("en"))["signatures"]

    signers = [row["signer"] for row in rows]
    assert "赵六 (Observer)" not in signers
    assert signers == [
        "张三 (Petitioner)",
        "李四 (Department representative)",
        "王五 (Presiding officer)",
        "Alice Smith (Hearing officer)",
    ]


def test_signature_rows_show_signed_refused_and_awaiting() -> None:
    rows = build_context(sample_document("en"))["signatures"]

    assert [row["decision"] for row in rows] == [
        "Signed",
        "Refused to sign",
        "Awaiting signature",
        "Awaiting signature",
    ]
    assert rows[0]["version_sha256"] == "ab" * 32
    assert rows[1]["reason"] == "对事实认定有异议"
    assert rows[1]["version_sha256"] is None


def test_unexplained_absence_of_the_petitioner_is_recorded_as_waiving_the_hearing() -> None:
    doc = sample_document("zh-CN")
    absent = MinutesParticipant(
        "p1", "张三", ParticipantRole.PETITIONER, None, AttendanceStatus.ABSENT_UNEXCUSED
    )
    doc = replace(doc, participants=(absent, *doc.participants[1:]))

    rows = build_context(doc)["participants"]

    assert rows[0]["attendance"] == "无正当理由缺席，视为放弃听证"
    mediation = build_context(replace(doc, session_kind=SessionKind.MEDIATION))
    assert mediation["participants"][0]["attendance"] == "无故缺席"


def test_participant_without_recorded_attendance_is_marked_not_recorded() -> None:
    rows = build_context(sample_document("en"))["participants"]

    assert rows[-1]["attendance"] == "Not recorded"


def test_session_time_is_shown_in_the_session_zone() -> None:
    doc: MinutesDocument = replace(
        sample_document("en"),
        start=datetime(2027, 3, 15, 1, 30, tzinfo=UTC),
        end=datetime(2027, 3, 15, 3, 30, tzinfo=UTC),
    )

    assert format_session_time(doc) == (
        "Monday 15 March 2027 09:30–11:30 (Asia/Shanghai, UTC+08:00)"
    )


def test_session_time_in_chinese_uses_chinese_date_and_weekday() -> None:
    assert format_session_time(sample_document("zh-CN")) == (
        "2027年3月15日（星期一） 09:30–11:30（Asia/Shanghai, UTC+08:00）"
    )


def test_session_time_offset_follows_daylight_saving_time() -> None:
    doc = replace(
        sample_document("en"),
        timezone="America/New_York",
        start=datetime(2027, 3, 15, 13, 0, tzinfo=UTC),
        end=datetime(2027, 3, 16, 14, 0, tzinfo=UTC),
    )

    assert format_session_time(doc) == (
        "Monday 15 March 2027 09:00 – Tuesday 16 March 2027 10:00 (America/New_York, UTC-04:00)"
    )


def test_unscheduled_session_says_so() -> None:
    doc = replace(sample_document("zh-CN"), start=None, end=None)

    assert format_session_time(doc) == "未安排"
