from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import RuleViolation
from hearing.vocabulary import (
    ActionItemStatus,
    AttendanceStatus,
    OutcomeStatus,
    ParticipantRole,
    SessionKind,
)
from minutes.document import (
    RECORD_FORMAT,
    MinutesActionItem,
    MinutesAgreement,
    MinutesChair,
    MinutesConsent,
    MinutesDocument,
    MinutesOutcome,
    MinutesPanelItem,
    MinutesPanelView,
    MinutesParticipant,
    MinutesPosition,
    MinutesSignature,
    MinutesStep,
    MinutesTerm,
    MinutesViewCount,
    document_from_record,
    document_to_record,
    minutes_marker,
    record_json,
    record_sha256,
    sha256_hex,
)
from minutes.vocabulary import Decision

SHANGHAI = ZoneInfo("Asia/Shanghai")
VERSION_HASH = "ab" * 32


def sample_document(locale: str = "zh-CN", *, statement_repeats: int = 3) -> MinutesDocument:
    """A public hearing with Chinese and English text, every section filled in."""
    statement = "本人房屋于2025年被征收，补偿款至今未到位。The compensation is unpaid. "
    return MinutesDocument(
        minutes_id="6f1c2d9e-7d4b-4c8e-9a51-0c3f2e1d0a42",
        version=2,
        session_id="b2f0c1d3-1111-4222-8333-944455566677",
        session_kind=SessionKind.PUBLIC_HEARING,
        session_title="关于张三房屋征收补偿的公开听证 Housing compensation hearing",
        case_reference="XF-2027-0042",
        case_title="房屋征收补偿 Housing compensation",
        locale=locale,
        start=datetime(2027, 3, 15, 9, 30, tzinfo=SHANGHAI),
        end=datetime(2027, 3, 15, 11, 30, tzinfo=SHANGHAI),
        timezone="Asia/Shanghai",
        room="第一听证室 Hearing room 1",
        address="人民路1号",
        participants=(
            MinutesParticipant(
                "p1", "张三", ParticipantRole.PETITIONER, None, AttendanceStatus.PRESENT
            ),
            MinutesParticipant(
                "p2", "李四", ParticipantRole.DEPARTMENT, "市住房和城乡建设局", "present"
            ),
            MinutesParticipant(
                "p3", "王五", ParticipantRole.PRESIDING_OFFICER, "市信访局", "present"
            ),
            MinutesParticipant(
                "p4", "Alice Smith", ParticipantRole.HEARING_OFFICER, "Smith & Co", "present"
            ),
            MinutesParticipant("p5", "赵六", ParticipantRole.OBSERVER, None, None),
        ),
        positions=tuple(
            MinutesPosition(
                person_id="p1" if index % 2 == 0 else "p2",
                name="张三" if index % 2 == 0 else "李四",
                agenda_item=f"议题{index // 2 + 1} Compensation",
                statement=statement * statement_repeats,
                requests="请求支付补偿款 120,000 元",
                evidence="征收协议第3条 agreement clause 3",
                legal_basis="《国有土地上房屋征收与补偿条例》第二十七条",
            )
            for index in range(6)
        ),
        outcomes=(
            MinutesOutcome(
                "议题1 Compensation", OutcomeStatus.PARTIALLY_AGREED, "三十日内支付一半补偿款"
            ),
            MinutesOutcome("议题2 Compensation", OutcomeStatus.REFERRED, None),
        ),
        action_items=(
            MinutesActionItem(
                "支付补偿款 Pay compensation",
                "市住房和城乡建设局",
                date(2027, 4, 30),
                "李四",
                ActionItemStatus.OPEN,
            ),
        ),
        issuing_body="某市信访局",
        document_number="〔2027〕第0042号",
        chair=MinutesChair("王五", ParticipantRole.PRESIDING_OFFICER),
        recorder="陈记录",
        signatures=(
            MinutesSignature(
                "p1",
                "张三",
                "sign",
                None,
                datetime(2027, 3, 16, 10, tzinfo=SHANGHAI),
                VERSION_HASH,
                identified_by="account",
            ),
            MinutesSignature(
                "p2",
                "李四",
                "refuse",
                "对事实认定有异议",
                datetime(2027, 3, 16, 11, tzinfo=SHANGHAI),
                VERSION_HASH,
            ),
        ),
        generated_at=datetime(2027, 3, 15, 12, 0, tzinfo=SHANGHAI),
    )


def test_record_json_is_canonical_utf8_with_sorted_keys_and_no_spaces() -> None:
    data = record_json(sample_document())

    assert "张三".encode() in data  # not \u-escaped
    assert b'", "' not in data and b'": ' not in data
    assert list(json.loads(data)) == sorted(json.loads(data))
    assert data == json.dumps(
        json.loads(data), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def test_record_json_is_identical_for_equal_documents() -> None:
    assert record_json(sample_document()) == record_json(sample_document())


def test_record_json_changes_when_a_signature_is_added() -> None:
    doc = sample_document()
    signed = replace(
        doc,
        signatures=(
            *doc.signatures,
            MinutesSignature(
                "p3", "王五", "sign", None, datetime(2027, 3, 17, tzinfo=SHANGHAI), VERSION_HASH
            ),
        ),
    )
    assert sha256_hex(record_json(signed)) != sha256_hex(record_json(doc))


def test_record_keeps_declaration_order_after_the_format_key() -> None:
    record = document_to_record(sample_document())

    assert list(record)[:4] == ["format", "minutes_id", "version", "session_id"]
    assert list(record)[-2:] == ["signatures", "generated_at"]
    assert record["format"] == RECORD_FORMAT


def test_record_times_are_iso_8601_with_offsets_and_dates_plain() -> None:
    record = document_to_record(sample_document())

    assert record["start"] == "2027-03-15T09:30:00+08:00"
    assert record["generated_at"] == "2027-03-15T12:00:00+08:00"
    action_items = record["action_items"]
    assert isinstance(action_items, list)
    assert action_items[0]["due_date"] == "2027-04-30"


def test_record_round_trips_through_json() -> None:
    doc = sample_document()

    assert document_from_record(json.loads(record_json(doc))) == doc


def test_cannot_rebuild_a_document_from_an_unknown_record_format() -> None:
    record = json.loads(record_json(sample_document()))
    record["format"] = "something-else/9"

    with pytest.raises(RuleViolation) as raised:
        document_from_record(record)
    assert raised.value.code == "unknown_record_format"


def test_cannot_create_minutes_in_an_unsupported_locale() -> None:
    with pytest.raises(RuleViolation) as raised:
        replace(sample_document(), locale="zh")
    assert (raised.value.code, raised.value.field) == ("unsupported_locale", "locale")


def test_cannot_create_minutes_in_an_unknown_time_zone() -> None:
    with pytest.raises(RuleViolation) as raised:
        replace(sample_document(), timezone="Mars/Olympus_Mons")
    assert (raised.value.code, raised.value.field) == ("unknown_timezone", "timezone")


def test_cannot_create_minutes_with_a_naive_generation_time() -> None:
    with pytest.raises(RuleViolation) as raised:
        replace(sample_document(), generated_at=datetime(2027, 3, 15, 12))
    assert (raised.value.code, raised.value.field) == ("timezone_required", "generated_at")


def test_cannot_create_minutes_version_zero() -> None:
    with pytest.raises(RuleViolation) as raised:
        replace(sample_document(), version=0)
    assert raised.value.code == "invalid_minutes_version"


def test_cannot_record_an_unknown_signature_decision() -> None:
    with pytest.raises(RuleViolation) as raised:
        MinutesSignature("p1", "张三", "maybe", None, datetime(2027, 3, 1, tzinfo=UTC), "0" * 64)
    assert (raised.value.code, raised.value.field) == ("unknown_signature_decision", "decision")


def test_minutes_marker_names_id_and_version() -> None:
    assert minutes_marker("abc", 3) == "concord-minutes:abc:v3"


def test_sha256_hex_matches_the_standard_test_vector() -> None:
    assert sha256_hex(b"abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


_text = st.text(st.characters(codec="utf-8"), max_size=20)
_optional_text = st.none() | _text
# Zones without DST: Python never finds a datetime inside a DST fold equal to the same
# instant in another zone, so the equality check below would fail for reasons of its own.
_aware_datetimes = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([UTC, SHANGHAI, ZoneInfo("Asia/Kolkata")]),
)
_participants = st.builds(
    MinutesParticipant,
    _text,
    _text,
    st.sampled_from(list(ParticipantRole)),
    _optional_text,
    st.none() | st.sampled_from(list(AttendanceStatus)),
    _optional_text,
    st.booleans(),
    st.none() | _aware_datetimes,
)
_steps = st.builds(
    MinutesStep,
    _text,
    _text,
    st.sampled_from(["pending", "current", "done", "skipped"]),
    st.none() | _aware_datetimes,
    st.none() | _aware_datetimes,
    _optional_text,
    _optional_text,
    st.tuples(_text) | st.just(()),
)
_consents = st.builds(MinutesConsent, _text, _text, st.booleans(), _aware_datetimes)
_panel_views = st.builds(MinutesPanelView, _text, _text, _text, _optional_text)
_panel_items = st.builds(
    MinutesPanelItem,
    _text,
    _text,
    st.lists(st.builds(MinutesViewCount, _text, st.integers(0, 7)), max_size=4).map(tuple),
    st.lists(_panel_views, max_size=3).map(tuple),
    st.lists(_panel_views, max_size=2).map(tuple),
    st.integers(0, 7),
)
_agreements = st.builds(
    MinutesAgreement,
    st.sampled_from(["draft", "signing", "effective", "refused"]),
    st.text("0123456789abcdef", min_size=64, max_size=64),
    _text,
    st.lists(_text, max_size=3).map(tuple),
    st.lists(st.builds(MinutesTerm, _text, _text, _text, _text, st.dates()), max_size=3).map(tuple),
)
_positions = st.builds(
    MinutesPosition, _text, _text, _text, _text, _optional_text, _optional_text, _optional_text
)
_outcomes = st.builds(MinutesOutcome, _text, st.sampled_from(list(OutcomeStatus)), _optional_text)
_action_items = st.builds(
    MinutesActionItem,
    _text,
    _text,
    st.dates(),
    _optional_text,
    st.sampled_from(list(ActionItemStatus)),
)
_signatures = st.builds(
    MinutesSignature,
    _text,
    _text,
    st.sampled_from(list(Decision)),
    _optional_text,
    _aware_datetimes,
    st.text("0123456789abcdef", min_size=64, max_size=64),
    st.none() | st.sampled_from(["account", "signing_link", "staff"]),
)


@st.composite
def _documents(draw: st.DrawFn) -> MinutesDocument:
    start = draw(st.none() | _aware_datetimes)
    return MinutesDocument(
        minutes_id=draw(_text),
        version=draw(st.integers(min_value=1, max_value=10_000)),
        session_id=draw(_text),
        session_kind=draw(st.sampled_from(list(SessionKind))),
        session_title=draw(_text),
        case_reference=draw(_text),
        case_title=draw(_text),
        locale=draw(st.sampled_from(["en", "zh-CN"])),
        start=start,
        end=None if start is None else start + timedelta(minutes=draw(st.integers(15, 600))),
        timezone=draw(st.sampled_from(["Asia/Shanghai", "Europe/Berlin", "UTC"])),
        room=draw(_optional_text),
        address=draw(_optional_text),
        participants=tuple(draw(st.lists(_participants, max_size=4))),
        positions=tuple(draw(st.lists(_positions, max_size=4))),
        outcomes=tuple(draw(st.lists(_outcomes, max_size=3))),
        action_items=tuple(draw(st.lists(_action_items, max_size=3))),
        procedure=tuple(draw(st.lists(_steps, max_size=4))),
        ended_reason=draw(st.none() | st.sampled_from(["party_withdrew", "consent_refused"])),
        consents=tuple(draw(st.lists(_consents, max_size=3))),
        panel=tuple(draw(st.lists(_panel_items, max_size=2))),
        agreement=draw(st.none() | _agreements),
        issuing_body=draw(_text),
        document_number=draw(_optional_text),
        chair=draw(st.none() | st.builds(MinutesChair, _text, st.sampled_from(ParticipantRole))),
        recorder=draw(_optional_text),
        sealed=draw(st.booleans()),
        development_seal=draw(st.booleans()),
        signatures=tuple(draw(st.lists(_signatures, max_size=4))),
        generated_at=draw(_aware_datetimes),
    )


@settings(max_examples=150, deadline=None)
@given(_documents())
def test_any_document_round_trips_and_serialises_canonically(doc: MinutesDocument) -> None:
    data = record_json(doc)

    rebuilt = document_from_record(json.loads(data))

    assert rebuilt == doc
    assert record_json(rebuilt) == data


def test_the_record_sha256_is_the_hash_of_the_canonical_record_json() -> None:
    doc = sample_document()

    assert record_sha256(doc) == sha256_hex(record_json(doc))
    assert record_sha256(replace(doc, document_number="〔2027〕第0043号")) != record_sha256(doc)


def test_issuer_chair_recorder_and_seal_flags_are_in_the_record() -> None:
    record = document_to_record(replace(sample_document(), sealed=True))

    assert record["issuing_body"] == "某市信访局"
    assert record["document_number"] == "〔2027〕第0042号"
    assert record["chair"] == {"name": "王五", "role": "presiding_officer"}
    assert record["recorder"] == "陈记录"
    assert (record["sealed"], record["development_seal"]) == (True, False)
    signatures = record["signatures"]
    assert isinstance(signatures, list)
    assert [s["identified_by"] for s in signatures] == ["account", None]


def test_a_record_written_before_documents_were_numbered_reads_with_the_defaults() -> None:
    record = json.loads(record_json(sample_document()))
    for key in ("issuing_body", "document_number", "chair", "recorder", "sealed"):
        del record[key]
    del record["development_seal"]
    for signature in record["signatures"]:
        del signature["identified_by"]

    rebuilt = document_from_record(record)

    assert (rebuilt.issuing_body, rebuilt.document_number, rebuilt.chair) == ("", None, None)
    assert (rebuilt.sealed, rebuilt.development_seal) == (False, False)
    assert {s.identified_by for s in rebuilt.signatures} == {None}
