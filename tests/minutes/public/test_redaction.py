"""The public version of a public hearing's minutes: petitioners and agents by family name only,
no phone, e-mail or identity number of anyone, officials named in full."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hearing.vocabulary import ParticipantRole
from minutes.document import (
    MinutesConsent,
    MinutesDocument,
    MinutesParticipant,
    MinutesPosition,
    MinutesSignature,
    document_to_record,
)
from minutes.public.redaction import REMOVED_MARKERS, pseudonym, redact
from tests.support.minutes_documents import OPENED, recorded_hearing_document

MARKER = REMOVED_MARKERS["zh-CN"]
STATEMENT = (
    "我是张三，电话13812345678，也可拨打 +86 139 8765 4321 或座机010-62345678，"
    "邮箱zhang.san@example.cn，身份证号11010119900307123X，旧证110101900307123。"
    "我的代理人欧阳娜娜会补充。2019年征收，补偿款120,000元，于2023-01-01到账一半。"
)
PRIVATE = (
    "13812345678",
    "139 8765 4321",
    "010-62345678",
    "zhang.san@example.cn",
    "11010119900307123X",
    "110101900307123",
)


def _strings(value: Any) -> list[str]:
    """Every string of a record, however deep."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def _hearing_with_private_data() -> MinutesDocument:
    """The recorded sample hearing, its petitioner 张三 joined by an agent 欧阳娜娜, both speaking,
    consenting and signing, with a statement full of contact details."""
    doc = recorded_hearing_document("zh-CN")
    agent = MinutesParticipant("p7", "欧阳娜娜", ParticipantRole.AGENT, None, "present")
    petitioner_position = replace(doc.positions[0], statement=STATEMENT, requests="联系13812345678")
    agent_position = MinutesPosition(
        "p7", "欧阳娜娜", doc.positions[0].agenda_item, "同意张三的意见", None, None, None
    )
    version_sha256 = doc.signatures[0].version_sha256
    steps = tuple(replace(step, speakers=("张三", "欧阳娜娜", "李四")) for step in doc.procedure)
    return replace(
        doc,
        participants=(*doc.participants, agent),
        positions=(petitioner_position, agent_position, *doc.positions[1:]),
        procedure=steps,
        consents=(MinutesConsent("p1", "张三", True, OPENED),),
        signatures=(
            *doc.signatures,
            MinutesSignature("p7", "欧阳娜娜", "sign", None, OPENED, version_sha256),
        ),
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("张伟", "张某"),
        ("张三丰", "张某"),
        ("欧阳修", "欧阳某"),
        ("欧阳", "欧某"),
        ("王", "王某"),
        ("John Smith", "J. S."),
        ("Madonna", "M."),
        ("  李四  ", "李某"),
    ],
)
def test_a_private_person_is_named_by_family_name_or_initials(name: str, expected: str) -> None:
    assert pseudonym(name) == expected


def test_petitioners_and_agents_are_named_by_family_name_in_every_section() -> None:
    public = redact(_hearing_with_private_data())

    strings = _strings(document_to_record(public))
    assert not [text for text in strings if "张三" in text or "欧阳娜娜" in text]
    names = {p.person_id: p.name for p in public.participants}
    assert (names["p1"], names["p7"]) == ("张某", "欧阳某")
    assert public.positions[1].name == "欧阳某"
    assert public.positions[1].statement == "同意张某的意见"
    assert {s.name for s in public.signatures} == {"张某", "李四", "欧阳某"}
    assert public.consents[0].name == "张某"
    assert public.procedure[0].speakers == ("张某", "欧阳某", "李四")
    assert public.session_title.startswith("关于张某房屋征收补偿")


def test_officials_keep_their_full_names() -> None:
    public = redact(_hearing_with_private_data())

    names = {p.person_id: p.name for p in public.participants}
    assert (names["p2"], names["p3"], names["p4"]) == ("李四", "王五", "Alice Smith")
    assert public.panel[0].dissents[0].name == "听证员 2"
    assert public.action_items[0].assignee == "李四"


def test_phones_emails_and_identity_numbers_are_removed_from_free_text() -> None:
    public = redact(_hearing_with_private_data())

    statement = public.positions[0].statement
    for value in PRIVATE:
        assert value not in statement, value
    assert statement.count(MARKER) == len(PRIVATE)
    assert public.positions[0].requests == f"联系{MARKER}"
    # What is not personal data stays as it was said.
    assert "2019年征收，补偿款120,000元，于2023-01-01到账一半。" in statement


def test_the_parties_known_contact_values_are_removed_wherever_they_appear() -> None:
    doc = _hearing_with_private_data()
    facts = "张三住幸福小区3栋2单元501室，常用 ZS_Home@Mail.Example 联系。"
    doc = replace(doc, positions=(replace(doc.positions[0], evidence=facts), *doc.positions[1:]))

    public = redact(doc, contacts=["幸福小区3栋2单元501室", "zs_home@mail.example", "12"])

    assert public.positions[0].evidence == f"张某住{MARKER}，常用 {MARKER} 联系。"


def test_an_english_public_version_marks_removals_in_english() -> None:
    doc = recorded_hearing_document("en")
    doc = replace(doc, positions=(replace(doc.positions[0], statement="Call me on 13812345678."),))

    assert redact(doc).positions[0].statement == "Call me on [removed]."


def test_an_official_whose_name_contains_a_partys_keeps_it() -> None:
    doc = recorded_hearing_document("zh-CN")
    official = MinutesParticipant("p8", "张三丰", ParticipantRole.HEARING_OFFICER, None, "present")
    doc = replace(
        doc,
        participants=(*doc.participants, official),
        outcomes=(replace(doc.outcomes[0], terms="张三丰询问张三"),),
    )

    assert redact(doc).outcomes[0].terms == "张三丰询问张某"


def test_identifiers_and_hashes_are_kept_even_where_they_look_like_numbers() -> None:
    doc = _hearing_with_private_data()
    # A hash whose digits could pass for a mobile number.
    digest = "a13812345678" + "b" * 52
    signature = replace(doc.signatures[0], version_sha256=digest)
    doc = replace(doc, signatures=(signature, *doc.signatures[1:]))

    public = redact(doc)

    assert public.signatures[0].version_sha256 == digest
    assert [p.person_id for p in public.participants] == [p.person_id for p in doc.participants]
    assert (public.minutes_id, public.session_id) == (doc.minutes_id, doc.session_id)


def test_a_document_without_private_people_only_loses_private_data() -> None:
    doc = recorded_hearing_document("zh-CN")
    doc = replace(doc, participants=tuple(p for p in doc.participants if p.role != "petitioner"))

    assert redact(doc) == doc


@given(
    mobile=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    identity=st.from_regex(r"[1-9][0-9]{16}[0-9X]", fullmatch=True),
    before=st.text(alphabet="征收补偿款到账一半，。的", max_size=8),
    after=st.text(alphabet="征收补偿款到账一半，。的", max_size=8),
)
def test_no_mobile_or_identity_number_survives_whatever_text_surrounds_it(
    mobile: str, identity: str, before: str, after: str
) -> None:
    doc = recorded_hearing_document("zh-CN")
    said = f"{before}{mobile}{after}身份证{identity}{before}"
    doc = replace(doc, positions=(replace(doc.positions[0], statement=said),))

    statement = redact(doc).positions[0].statement

    assert mobile not in statement and identity not in statement
    assert statement == f"{before}{MARKER}{after}身份证{MARKER}{before}"
