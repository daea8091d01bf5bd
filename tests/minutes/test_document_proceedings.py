"""The proceedings in the minutes document: steps, consent, panel and agreement as plain data
that survives its record."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest

from core.errors import RuleViolation
from minutes.document import (
    MinutesDocument,
    MinutesStep,
    document_from_record,
    document_to_record,
    record_json,
)
from tests.support.minutes_documents import (
    ended_mediation_document,
    recorded_hearing_document,
    recorded_mediation_document,
)


def _record(doc: MinutesDocument) -> Any:
    """The record as an archive reads it back: parsed from its JSON."""
    return json.loads(record_json(doc))


@pytest.mark.parametrize(
    "build", [recorded_hearing_document, recorded_mediation_document, ended_mediation_document]
)
def test_a_recorded_session_round_trips_through_its_record(build) -> None:
    doc = build("zh-CN")

    rebuilt = document_from_record(json.loads(record_json(doc)))

    assert rebuilt == doc
    assert record_json(rebuilt) == record_json(doc)


def test_the_record_keeps_each_step_with_its_times_and_reasons() -> None:
    record = _record(recorded_hearing_document("en"))

    steps = record["procedure"]
    recusal = next(step for step in steps if step["key"] == "recusal_asked")
    skipped = next(step for step in steps if step["status"] == "skipped")
    assert recusal["recused"] == ["听证员 3", "听证员 4"]
    assert recusal["started_at"] == "2027-03-15T01:40:00+00:00"
    assert (skipped["key"], skipped["skip_reason"]) == ("final_statements", "双方均表示无补充意见")


def test_the_record_keeps_every_view_and_every_dissent_with_its_opinion() -> None:
    (item,) = _record(recorded_hearing_document("en"))["panel"]

    assert item["result"] == "supported"
    assert [view["view"] for view in item["views"]] == ["supported", "supported", "not_supported"]
    assert item["dissents"] == [
        {
            "person_id": "o3",
            "name": "听证员 2",
            "view": "not_supported",
            "opinion": "补偿已按当年标准足额支付",
        }
    ]


def test_the_record_keeps_the_agreement_terms_with_obligor_manner_and_deadline() -> None:
    agreement = _record(recorded_mediation_document("en"))["agreement"]

    assert agreement["status"] == "effective"
    assert agreement["terms"][0] == {
        "obligor_id": "p2",
        "obligor": "李四",
        "obligation": "按2023年标准重新核算补偿款",
        "manner": "书面核算报告送达信访人",
        "deadline": "2027-04-15",
    }


def test_the_record_keeps_a_refusal_of_consent_and_the_withdrawal_reason() -> None:
    record = _record(ended_mediation_document("en"))

    assert [c["consent"] for c in record["consents"]] == [True, False]
    assert record["ended_reason"] == "consent_refused"
    assert record["agreement"] is None
    petitioner = record["participants"][0]
    assert (petitioner["attendance"], petitioner["attendance_note"]) == (
        "withdrew",
        "另行提起行政诉讼",
    )
    assert petitioner["withdrew_at"] == "2027-03-15T01:34:00+00:00"


def test_signatures_and_generation_time_stay_the_last_record_keys() -> None:
    record = document_to_record(recorded_hearing_document("en"))

    assert list(record)[-13:] == [
        "procedure",
        "ended_reason",
        "consents",
        "panel",
        "agreement",
        "issuing_body",
        "document_number",
        "chair",
        "recorder",
        "sealed",
        "development_seal",
        "signatures",
        "generated_at",
    ]


def test_a_step_cannot_carry_a_naive_time() -> None:
    with pytest.raises(RuleViolation) as raised:
        MinutesStep(
            "rights_read", "告知权利义务", "done", datetime(2027, 3, 15, 9), None, None, None
        )
    assert (raised.value.code, raised.value.field) == ("timezone_required", "started_at")


def test_a_consent_cannot_carry_a_naive_time() -> None:
    doc = recorded_mediation_document("en")
    with pytest.raises(RuleViolation) as raised:
        replace(doc.consents[0], recorded_at=datetime(2027, 3, 15, 9))
    assert (raised.value.code, raised.value.field) == ("timezone_required", "recorded_at")


def test_a_record_written_before_the_proceedings_were_minuted_reads_with_them_empty() -> None:
    doc = recorded_hearing_document("en")
    record = _record(doc)
    for key in ("procedure", "ended_reason", "consents", "panel", "agreement"):
        del record[key]
    for participant in record["participants"]:
        del participant["attendance_note"], participant["waived"], participant["withdrew_at"]

    rebuilt = document_from_record(record)

    assert rebuilt == replace(doc, procedure=(), panel=())
