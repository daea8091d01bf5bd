"""The proceedings as printed: the text read back from the PDF in both languages shows the
steps with their times and zone, skips with their reasons, recusals, consent and its refusal,
withdrawals with their reason, the panel's views, result and dissents, and the agreement."""

from __future__ import annotations

import io
import json
import re

import pytest
from pypdf import PdfReader

from hearing.agreements.agreement import AgreementStatus
from hearing.panel.conclusion import PanelResult, PanelView
from hearing.proceedings.procedure import CONSENT_REFUSED, PARTY_WITHDREW, StepStatus
from minutes.document import document_from_record, record_json
from minutes.render.renderer import LABELS, MinutesRenderer, build_context
from tests.support.minutes_documents import (
    ended_mediation_document,
    recorded_hearing_document,
    recorded_mediation_document,
)


@pytest.fixture(scope="module")
def renderer() -> MinutesRenderer:
    return MinutesRenderer()


def _text(pdf: bytes) -> str:
    """The PDF's text with the layout's line breaks and spacing taken out."""
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", "", text)


def _squeezed(*parts: str) -> list[str]:
    return [re.sub(r"\s+", "", part) for part in parts]


@pytest.fixture(scope="module")
def hearing_texts(renderer: MinutesRenderer) -> dict[str, str]:
    return {
        locale: _text(renderer.render_pdf(recorded_hearing_document(locale)))
        for locale in ("zh-CN", "en")
    }


@pytest.fixture(scope="module")
def mediation_texts(renderer: MinutesRenderer) -> dict[str, str]:
    return {
        locale: _text(renderer.render_pdf(recorded_mediation_document(locale)))
        for locale in ("zh-CN", "en")
    }


def test_chinese_minutes_print_every_step_with_its_local_times_and_the_zone(
    hearing_texts: dict[str, str],
) -> None:
    text = hearing_texts["zh-CN"]

    for expected in _squeezed(
        "程序进行情况",
        "以上时间均为Asia/Shanghai, UTC+08:00时间。",
        "核对身份",
        "2027年3月15日 09:30–09:35",
        "质证辩论",
        "2027年3月15日 10:00–10:05",
        "双方对补偿标准有争议",
        "宣布听证结论",
        "进行中",
    ):
        assert expected in text


def test_english_minutes_print_the_steps_in_english_with_the_zone(
    hearing_texts: dict[str, str],
) -> None:
    text = hearing_texts["en"]

    for expected in _squeezed(
        "Proceedings",
        "Times are local to Asia/Shanghai, UTC+08:00.",
        "Identities checked",
        "15 March 2027 09:30–09:35",
        "Cross-examination",
        "In progress",
    ):
        assert expected in text
    assert "核对身份" not in text


def test_a_skipped_step_is_printed_with_its_reason_and_recusals_by_name(
    hearing_texts: dict[str, str],
) -> None:
    chinese, english = hearing_texts["zh-CN"], hearing_texts["en"]

    assert "已跳过" in chinese and "跳过理由：双方均表示无补充意见" in chinese
    assert "回避人员：听证员3、听证员4" in chinese
    assert "Skipped" in english and "Reasonforskipping:双方均表示无补充意见" in english
    assert "Recused:听证员3,听证员4" in english


def test_the_panel_views_result_and_dissent_with_its_opinion_are_printed(
    hearing_texts: dict[str, str],
) -> None:
    chinese, english = hearing_texts["zh-CN"], hearing_texts["en"]

    for expected in _squeezed(
        "听证员评议意见及结论",
        "补偿标准明显偏低",
        "多数意见：支持",
        "听证员3名：支持2票、部分支持0票、不支持1票、弃权0票",
        "不同意见",
        "听证员 2：不支持：补偿已按当年标准足额支付",
    ):
        assert expected in chinese
    for expected in _squeezed(
        "Panel views and conclusion",
        "Supported by a majority",
        "panel of 3: Supported 2, Partly supported 0, Not supported 1, Abstained 0",
        "Dissenting opinions",
        "听证员 2: Not supported: 补偿已按当年标准足额支付",
    ):
        assert expected in english


def test_the_agreement_is_printed_with_facts_issues_terms_and_status(
    mediation_texts: dict[str, str],
) -> None:
    chinese, english = mediation_texts["zh-CN"], mediation_texts["en"]

    for expected in _squeezed(
        "调解协议",
        "已生效（各方当事人及调解员均已签署）",
        "2019年征收张三房屋，补偿款按旧标准计算。",
        "1. 补偿标准",
        "2. 过渡费 transition allowance",
        "义务人",
        "按2023年标准重新核算补偿款",
        "书面核算报告送达信访人",
        "2027年4月15日",
        "配合入户测量",
        "2027年4月20日",
    ):
        assert expected in chinese
    for expected in _squeezed(
        "Mediation agreement",
        "Effective (signed by every party and the mediator)",
        "Manner of performance",
        "15 April 2027",
    ):
        assert expected in english
    assert "cd" * 32 in chinese


def test_consent_of_each_party_is_printed(mediation_texts: dict[str, str]) -> None:
    assert "调解意愿" in mediation_texts["zh-CN"] and "同意调解" in mediation_texts["zh-CN"]
    assert "Consenttomediation" in mediation_texts["en"]
    assert "Consentstomediation" in mediation_texts["en"]


def test_a_refusal_a_withdrawal_and_its_reason_are_printed(renderer: MinutesRenderer) -> None:
    chinese = _text(renderer.render_pdf(ended_mediation_document("zh-CN")))
    english = _text(renderer.render_pdf(ended_mediation_document("en")))

    for expected in _squeezed(
        "不同意调解",
        "一方当事人不同意调解，调解终止。",
        "中途退出（2027年3月15日 09:34 CST +08:00）：另行提起行政诉讼",
    ):
        assert expected in chinese
    for expected in _squeezed(
        "Refuses mediation",
        "The mediation ended: a party refused to consent.",
        "Withdrew (15 March 2027 09:34 CST +08:00): 另行提起行政诉讼",
    ):
        assert expected in english
    assert "协议条款" not in chinese


def test_a_session_without_a_panel_or_an_agreement_prints_neither(
    mediation_texts: dict[str, str], hearing_texts: dict[str, str]
) -> None:
    assert "听证员评议意见及结论" not in mediation_texts["zh-CN"]
    assert "Mediationagreement" not in hearing_texts["en"]
    assert "Consenttomediation" not in hearing_texts["en"]


@pytest.mark.parametrize(
    "build", [recorded_hearing_document, recorded_mediation_document, ended_mediation_document]
)
def test_minutes_rebuilt_from_their_record_are_byte_identical(
    renderer: MinutesRenderer, build
) -> None:
    doc = build("zh-CN")

    rebuilt = document_from_record(json.loads(record_json(doc)))

    assert renderer.render_pdf(rebuilt) == renderer.render_pdf(doc)


def test_every_step_status_view_result_agreement_status_and_ending_is_translated() -> None:
    vocabulary = {
        "step": StepStatus,
        "view": PanelView,
        "result": PanelResult,
        "agreement": AgreementStatus,
    }
    for locale in ("en", "zh-CN"):
        for group, values in vocabulary.items():
            assert {f"{group}.{value}" for value in values} <= set(LABELS[locale])
        assert {f"ended.{PARTY_WITHDREW}", f"ended.{CONSENT_REFUSED}"} <= set(LABELS[locale])


def test_the_context_holds_the_sections_already_translated() -> None:
    context = build_context(recorded_hearing_document("en"))

    assert context["procedure"]["steps"][7]["status"] == "Skipped"
    assert context["panel"][0]["result"] == "Supported by a majority"
    assert context["agreement"] is None and context["consents"] == []
