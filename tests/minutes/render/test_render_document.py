"""The minutes read like a real 笔录: issuing body, document number, chair and recorder at the
top, the checked statement before the signatures, page numbers and a running header, a DRAFT
mark until sealed, the seal line, the audit page last, and long text that breaks naturally."""

from __future__ import annotations

import io
import json
import re
import subprocess
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from minutes.document import (
    MinutesDocument,
    MinutesSignature,
    document_from_record,
    record_json,
    record_sha256,
)
from minutes.render.renderer import LABELS, MinutesRenderer
from minutes.vocabulary import Decision
from tests.minutes.test_document import VERSION_HASH, sample_document


@pytest.fixture(scope="module")
def renderer() -> MinutesRenderer:
    return MinutesRenderer()


def _pages(pdf: bytes) -> list[str]:
    """Each page's text with the layout's spacing taken out."""
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def draft_pages(renderer: MinutesRenderer) -> dict[str, list[str]]:
    return {locale: _pages(renderer.render_pdf(sample_document(locale))) for locale in LABELS}


def _sealed(locale: str, *, development: bool = False) -> MinutesDocument:
    return replace(sample_document(locale), sealed=True, development_seal=development)


def test_the_first_page_names_the_issuing_body_number_chair_and_recorder(
    draft_pages: dict[str, list[str]],
) -> None:
    chinese, english = draft_pages["zh-CN"][0], draft_pages["en"][0]

    for expected in ("某市信访局", "〔2027〕第0042号", "主持人王五（主持人）", "记录人陈记录"):
        assert _squeezed(expected) in chinese
    for expected in ("某市信访局", "Chair王五 (Presiding officer)", "Recorder陈记录"):
        assert _squeezed(expected) in english


def test_the_checked_statement_comes_right_before_the_signatures(
    draft_pages: dict[str, list[str]],
) -> None:
    chinese = "".join(draft_pages["zh-CN"])
    english = "".join(draft_pages["en"])

    assert "以上笔录经核对无误。签名张三（信访人）" in chinese
    assert _squeezed("The above minutes have been checked and found correct. Signatures") in english


def test_every_page_is_numbered_of_the_total(draft_pages: dict[str, list[str]]) -> None:
    for locale, page_label in (("zh-CN", "第{n}页共{total}页"), ("en", "Page{n}of{total}")):
        pages = draft_pages[locale]
        for n, text in enumerate(pages, start=1):
            assert page_label.format(n=n, total=len(pages)) in text


def test_the_running_header_is_on_every_page_but_the_first(
    draft_pages: dict[str, list[str]],
) -> None:
    running = {
        "zh-CN": "某市信访局〔2027〕第0042号公开听证笔录",
        "en": "某市信访局〔2027〕第0042号Minutesofpublichearing",
    }
    for locale, pages in draft_pages.items():
        assert [running[locale] in text for text in pages] == [False] + [True] * (len(pages) - 1)


def test_a_draft_is_marked_on_every_page_and_the_sealed_minutes_nowhere(
    renderer: MinutesRenderer, draft_pages: dict[str, list[str]]
) -> None:
    assert all("草稿" in text for text in draft_pages["zh-CN"])
    assert all("DRAFT" in text for text in draft_pages["en"])

    sealed = _pages(renderer.render_pdf(_sealed("zh-CN")))
    assert not any("草稿" in text for text in sealed)
    assert not any("DRAFT" in text for text in _pages(renderer.render_pdf(_sealed("en"))))


def test_sealed_minutes_say_who_sealed_them_and_when_with_the_zone(
    renderer: MinutesRenderer, draft_pages: dict[str, list[str]]
) -> None:
    chinese = "".join(_pages(renderer.render_pdf(_sealed("zh-CN"))))
    english = "".join(_pages(renderer.render_pdf(_sealed("en"))))

    assert "由某市信访局于2027年3月15日12:00CST+08:00签章。" in chinese
    assert _squeezed("Sealed by 某市信访局 at 15 March 2027 12:00 CST +08:00.") in english
    assert "Sealedby" not in "".join(draft_pages["en"])
    assert "开发测试证书" not in chinese


def test_a_development_seal_is_declared_not_an_official_record(
    renderer: MinutesRenderer,
) -> None:
    chinese = "".join(_pages(renderer.render_pdf(_sealed("zh-CN", development=True))))
    english = "".join(_pages(renderer.render_pdf(_sealed("en", development=True))))

    assert "本笔录以开发测试证书签章，不具有正式记录效力。" in chinese
    assert (
        _squeezed("Sealed with a development certificate — not valid as an official record.")
        in english
    )


def test_the_audit_page_comes_last_naming_every_signer_and_the_hashes(
    draft_pages: dict[str, list[str]],
) -> None:
    *body, audit = draft_pages["zh-CN"]
    doc = sample_document("zh-CN")

    assert "签署审计页" in audit and not any("签署审计页" in text for text in body)
    for expected in (
        "张三（信访人）账户登录已签名2027-03-1610:00CST(+08:00)/Asia/Shanghai",
        "李四（责任单位代表）未记录拒绝签名理由：对事实认定有异议2027-03-1611:00CST(+08:00)",
        "王五（主持人）待签名",
        "AliceSmith（听证员）待签名",
        f"所签版本（SHA-256）：{VERSION_HASH}",
        f"笔录数据（SHA-256）{record_sha256(doc)}",
    ):
        assert expected in audit
    assert "赵六" not in audit


def test_the_audit_page_in_english_says_how_each_signer_was_identified(
    draft_pages: dict[str, list[str]],
) -> None:
    audit = draft_pages["en"][-1]

    assert "Audittrail" in audit
    assert "张三(Petitioner)Logged-inaccountSigned2027-03-1610:00CST(+08:00)" in audit
    assert "李四(Departmentrepresentative)NotrecordedRefusedtosign" in audit


def test_an_excused_absentee_sealed_without_signing_is_printed_as_such(
    renderer: MinutesRenderer,
) -> None:
    doc = sample_document("zh-CN")
    excused = MinutesSignature(
        "p3",
        "王五",
        Decision.ABSENT_EXCUSED,
        None,
        doc.generated_at,
        VERSION_HASH,
    )
    pages = _pages(
        renderer.render_pdf(replace(doc, sealed=True, signatures=(*doc.signatures, excused)))
    )

    assert "王五（主持人）请假缺席，未签名" in "".join(pages)
    assert "王五（主持人）请假缺席，未签名" in pages[-1]


def test_sealed_minutes_rebuilt_from_their_record_are_byte_identical(
    renderer: MinutesRenderer,
) -> None:
    doc = _sealed("zh-CN", development=True)

    rebuilt = document_from_record(json.loads(record_json(doc)))

    assert renderer.render_pdf(rebuilt) == renderer.render_pdf(doc)


def _single_statement(statement: str) -> MinutesDocument:
    doc = sample_document("en")
    position = replace(doc.positions[0], statement=statement)
    return replace(doc, positions=(position,))


def test_a_very_long_statement_starts_on_the_first_page_and_runs_on(
    renderer: MinutesRenderer,
) -> None:
    opening = "Opening of the long statement."
    statement = opening + " " + "The compensation was never paid in full. " * 120
    assert len(statement) > 4000

    pages = _pages(renderer.render_pdf(_single_statement(statement)))

    assert _squeezed(opening) in pages[0]
    assert "Thecompensationwasneverpaidinfull." in pages[1]


def _glyph_boxes(pdf: bytes, tmp_path: Path) -> list[tuple[float, float, str]]:
    """(page width, word's right edge, word) for every word pdftotext finds."""
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    namespace = {"x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.fromstring(html)
    boxes = []
    for page in root.iterfind(".//x:page", namespace):
        width = float(page.attrib["width"])
        for word in page.iterfind("x:word", namespace):
            boxes.append((width, float(word.attrib["xMax"]), word.text or ""))
    return boxes


def test_a_300_character_unbroken_token_wraps_within_the_page(
    renderer: MinutesRenderer, tmp_path: Path
) -> None:
    token = "https://example.cn/" + "x" * 300
    doc = _single_statement(f"See {token} for the evidence.")
    doc = replace(doc, positions=(replace(doc.positions[0], evidence=token),), case_title=token)

    boxes = _glyph_boxes(renderer.render_pdf(doc), tmp_path)

    printed = "".join(word for _, _, word in boxes)
    assert printed.count("x" * 60) >= 3, "the token is printed"
    overflowing = [(right, width, word[:20]) for width, right, word in boxes if right > width]
    assert overflowing == []


def test_every_decision_and_way_of_identifying_a_signer_is_translated() -> None:
    for labels in LABELS.values():
        assert {f"decision.{decision}" for decision in Decision} <= set(labels)
        assert {f"identified.{way}" for way in ("account", "signing_link", "staff")} <= set(labels)


def test_a_signature_time_printed_in_the_body_carries_its_zone(
    draft_pages: dict[str, list[str]],
) -> None:
    assert "记录时间：2027年3月16日10:00CST+08:00" in "".join(draft_pages["zh-CN"])
    assert _squeezed("Recorded at: 16 March 2027 10:00 CST +08:00") in "".join(draft_pages["en"])
