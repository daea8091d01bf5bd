"""Personal data as shown to someone who may know who a person is but not how to reach them.

Each mask keeps just enough to tell people apart or to recognise one's own value (the last
digits of a phone, the first letter and the domain of an email, the region code and last
digits of an ID number, the district of an address) and never enough to call, write to,
impersonate or visit them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from parties.views import PersonView

MASK = "****"

#: Digits shown of a phone number: the first three (the carrier prefix of a Chinese mobile
#: number) and the last four, as Chinese services print them (138****5678).
PHONE_HEAD, PHONE_TAIL = 3, 4
#: However short a phone number, this many of its digits stay hidden.
HIDDEN_DIGITS = 4
#: An ID number keeps its region code (first 6) and its last 4; the birth date goes.
ID_HEAD, ID_TAIL = 6, 4

# One administrative unit at the start of a Chinese address (广东省, 深圳市, 南山区, 某某县...):
# a short run of characters that are neither digits nor street-level words, then its suffix.
_ADMINISTRATIVE_UNIT = re.compile(
    r"[^\d\s,，路街道号巷弄楼室栋幢单元村组镇乡]{1,12}?"
    r"(特别行政区|自治区|自治州|自治县|省|市|区|县|旗|盟|州)"
)
_DISTRICT_SUFFIXES = frozenset({"区", "县", "旗", "自治县"})


def mask_phone(phone: str) -> str:
    """``13812345678`` -> ``138****5678``. At least four digits are always hidden: a shorter
    number keeps its last four or two digits only, a very short one none."""
    digits = [index for index, char in enumerate(phone) if char.isdigit()]
    count = len(digits)
    head = PHONE_HEAD if count >= PHONE_HEAD + PHONE_TAIL + HIDDEN_DIGITS else 0
    tail = PHONE_TAIL if count >= PHONE_TAIL + HIDDEN_DIGITS else 2 if count >= 6 else 0
    shown_head = phone[: digits[head - 1] + 1] if head else ""
    shown_tail = phone[digits[-tail] :] if tail else ""
    return shown_head + MASK + shown_tail


def mask_email(email: str) -> str:
    """``zhang.san@example.cn`` -> ``z***@example.cn``: the domain says which organisation,
    the mailbox stays unknown."""
    local, at, domain = email.rpartition("@")
    if not at or not local:
        return MASK
    return f"{local[0]}***@{domain}"


def mask_id_number(id_number: str) -> str:
    """``110101199003074514`` -> ``110101********4514`` (the birth date hidden)."""
    hidden = len(id_number) - ID_HEAD - ID_TAIL
    if hidden < 4:
        return MASK
    return id_number[:ID_HEAD] + "*" * hidden + id_number[-ID_TAIL:]


def mask_address(address: str) -> str:
    """The district and what is above it, nothing below: ``广东省深圳市南山区科技园路1号`` ->
    ``广东省深圳市南山区****``. A comma-separated address written small to large keeps its
    last part (the town); any other form is masked whole."""
    text = address.strip()
    end = 0
    while match := _ADMINISTRATIVE_UNIT.match(text, end):
        end = match.end()
        # Below a district (区, 县, 旗) come compounds named like one (望京花园小区): stop.
        if match.group(1) in _DISTRICT_SUFFIXES:
            break
    if end > 0:
        return text[:end] + MASK
    parts = [part.strip() for part in text.split(",")]
    if len(parts) > 1 and parts[-1]:
        return f"{MASK}, {parts[-1]}"
    return MASK


def masked_person(person: PersonView) -> PersonView:
    """The person with every contact and identity value masked and no calendar-feed secret."""
    return replace(
        person,
        email=mask_email(person.email),
        phone=None if person.phone is None else mask_phone(person.phone),
        id_number=None if person.id_number is None else mask_id_number(person.id_number),
        address=None if person.address is None else mask_address(person.address),
        calendar_feed_token="",
    )
