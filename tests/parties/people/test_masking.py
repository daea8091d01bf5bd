"""Masks keep enough to recognise a value and never enough to use it."""

from __future__ import annotations

import re
from uuid import uuid4

from hypothesis import given
from hypothesis import strategies as st

from parties.people.id_numbers import check_character
from parties.people.masking import (
    mask_address,
    mask_email,
    mask_id_number,
    mask_phone,
    masked_person,
)
from parties.views import PersonView

mobile_numbers = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
phone_numbers = st.from_regex(r"(\+86 )?[0-9]{2,4}[- ]?[0-9]{3,8}", fullmatch=True)
mailboxes = st.from_regex(r"[a-z0-9._-]{1,30}", fullmatch=True)


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    first_17 = draw(
        st.from_regex(
            r"[1-6][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])[0-2][1-8][0-9]{3}", fullmatch=True
        )
    )
    return first_17 + check_character(first_17)


def test_a_mobile_number_keeps_its_first_three_and_last_four_digits() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138 1234 5678") == "+86 1****5678"


def test_a_short_number_keeps_fewer_digits() -> None:
    assert mask_phone("010-1234567") == "****4567"
    assert mask_phone("123456") == "****56"
    assert mask_phone("12345") == "****"


@given(mobile_numbers)
def test_a_masked_mobile_number_shows_only_its_first_three_and_last_four(number: str) -> None:
    masked = mask_phone(number)
    assert masked == number[:3] + "****" + number[-4:]


@given(phone_numbers)
def test_a_masked_phone_hides_four_digits_at_least_and_shows_seven_at_most(number: str) -> None:
    masked = mask_phone(number)
    digits = re.sub(r"\D", "", number)
    shown = re.sub(r"\D", "", masked)
    assert "****" in masked
    assert len(shown) <= min(7, max(len(digits) - 4, 0))


def test_an_email_keeps_the_first_letter_and_the_domain() -> None:
    assert mask_email("zhang.san@example.cn") == "z***@example.cn"


@given(mailboxes, st.sampled_from(["example.cn", "civil.example.gov.cn"]))
def test_a_masked_email_never_holds_the_mailbox(mailbox: str, domain: str) -> None:
    masked = mask_email(f"{mailbox}@{domain}")
    assert masked == f"{mailbox[0]}***@{domain}"
    if len(mailbox) > 1:
        assert f"{mailbox}@" not in masked


def test_an_id_number_keeps_its_region_and_last_four() -> None:
    assert mask_id_number("110101199003074514") == "110101********4514"
    assert mask_id_number("110101900307451") == "110101*****7451"


@given(id_numbers())
def test_a_masked_id_number_hides_the_birth_date_and_keeps_the_length(number: str) -> None:
    masked = mask_id_number(number)
    assert len(masked) == len(number)
    assert masked[:6] == number[:6] and masked[-4:] == number[-4:]
    assert set(masked[6:-4]) == {"*"}


def test_an_address_keeps_its_district_and_what_is_above() -> None:
    assert mask_address("广东省深圳市南山区科技园路1号") == "广东省深圳市南山区****"
    assert mask_address("上海市浦东新区世纪大道100号") == "上海市浦东新区****"
    assert mask_address("广西壮族自治区南宁市青秀区民族大道") == "广西壮族自治区南宁市青秀区****"


def test_a_compound_named_like_a_district_is_below_the_district_and_masked() -> None:
    assert mask_address("北京市朝阳区望京花园小区3号楼") == "北京市朝阳区****"


def test_an_address_without_a_district_shows_only_its_town_or_nothing() -> None:
    assert mask_address("Hauptstr. 1, 10115 Berlin") == "****, 10115 Berlin"
    assert mask_address("人民路1号 2F") == "****"


@given(st.text(min_size=1, max_size=80))
def test_no_masked_address_shows_a_house_number(address: str) -> None:
    masked = mask_address(address)
    assert masked.endswith("****") or masked.startswith("****, ")
    if "," not in address:
        assert not re.search(r"\d", masked)


def test_a_masked_person_has_every_contact_value_masked_and_no_feed_secret() -> None:
    person = PersonView(
        id=uuid4(),
        name="张三",
        email="zhang.san@example.cn",
        phone="13812345678",
        timezone="Asia/Shanghai",
        locale="zh-CN",
        organization_id=None,
        calendar_feed_token="secret-token",
        id_number="110101199003074514",
        address="北京市海淀区中关村大街27号",
    )
    masked = masked_person(person)
    assert (masked.id, masked.name) == (person.id, "张三")
    assert masked.email == "z***@example.cn"
    assert masked.phone == "138****5678"
    assert masked.id_number == "110101********4514"
    assert masked.address == "北京市海淀区****"
    assert masked.calendar_feed_token == ""


def test_absent_values_stay_absent_when_masked() -> None:
    person = PersonView(uuid4(), "李四", "li@example.cn", None, "Asia/Shanghai", "zh-CN", None, "t")
    masked = masked_person(person)
    assert (masked.phone, masked.id_number, masked.address) == (None, None, None)
