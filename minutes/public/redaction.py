"""The public version of a public hearing's minutes: the parties' privacy taken out.

A public hearing is open, but its petitioners and their agents are private people: the
version published names them by family name only (张伟 -> 张某) and carries none of their
contact details or identity numbers. Officials, hearing officers and departments are named
in full: they act in public office.

Every string of the document is scrubbed, found by walking the dataclasses generically, so a
field added to the document later is covered without a change here. Identifiers and hashes
are the exception: they name records, not people, and a run of digits in a hash could pass
for a phone number.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar, cast

from hearing.vocabulary import ParticipantRole
from minutes.document import MinutesDocument

#: The roles whose people the public version does not name.
PROTECTED_ROLES = frozenset({ParticipantRole.PETITIONER, ParticipantRole.AGENT})
#: What stands where something was taken out, in the minutes' locale.
REMOVED_MARKERS = {"zh-CN": "〔已删除〕", "en": "[removed]"}
PSEUDONYM_SUFFIX = "某"
#: Known contact values shorter than this are too likely to occur by chance to be wiped.
MIN_KNOWN_VALUE_LENGTH = 5

# Two-character family names, which keep both characters (欧阳修 -> 欧阳某).
_COMPOUND_SURNAMES = frozenset(
    {
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "令狐",
        "夏侯",
        "端木",
        "西门",
        "独孤",
        "南宫",
        "轩辕",
        "呼延",
        "申屠",
        "百里",
        "东郭",
        "闻人",
        "万俟",
        "澹台",
        "公冶",
        "太史",
        "仲孙",
        "钟离",
    }
)
_NOT_DIGIT_OR_LETTER_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_DIGIT_OR_LETTER_AFTER = r"(?![0-9A-Za-z])"
# Order matters: an identity number holds runs of digits a phone pattern would also take.
_PRIVATE_DATA = tuple(
    re.compile(pattern)
    for pattern in (
        # Resident identity numbers: 18 digits (the last may be X), or the older 15.
        _NOT_DIGIT_OR_LETTER_BEFORE + r"\d{17}[\dXx]" + _NOT_DIGIT_OR_LETTER_AFTER,
        _NOT_DIGIT_OR_LETTER_BEFORE + r"\d{15}" + _NOT_DIGIT_OR_LETTER_AFTER,
        # E-mail addresses.
        r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
        # +86 / 0086 forms of mobile and landline numbers.
        r"(?:\+|00)86[\s-]?(?:1[3-9]\d(?:[\s-]?\d{4}){2}|\(?0?\d{2,3}\)?[\s-]?\d{7,8})(?!\d)",
        # Mainland mobiles: 13812345678, 138-1234-5678, 138 1234 5678.
        r"(?<!\d)1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)",
        # Landlines with their area code: 010-12345678, (0755) 1234567, 021-12345678转123.
        r"(?<!\d)(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3})[\s-]?\d{7,8}(?:(?:-|转|ext\.?)\d{1,6})?(?!\d)",
    )
)

_T = TypeVar("_T")


def pseudonym(name: str) -> str:
    """How the public version names a private person.

    A Chinese name keeps its family name (张伟 -> 张某, 欧阳修 -> 欧阳某); a name in Latin script
    becomes its initials (John Smith -> J. S.), which is how Latin-script judgments anonymise.
    """
    name = name.strip()
    if not name:
        return name
    if _is_latin_script(name):
        return " ".join(f"{word[0].upper()}." for word in re.split(r"[\s.]+", name) if word)
    family = name[:2] if len(name) > 2 and name[:2] in _COMPOUND_SURNAMES else name[:1]
    return family + PSEUDONYM_SUFFIX


def redact(document: MinutesDocument, contacts: Iterable[str] = ()) -> MinutesDocument:
    """``document`` as the public may read it.

    ``contacts`` are the protected people's known contact values (phone, e-mail, ...) from the
    people directory: taken out wherever they appear, however the text spells the rest.
    """
    scrub = _scrubber(
        protected=[p.name for p in document.participants if p.role in PROTECTED_ROLES],
        officials=[p.name for p in document.participants if p.role not in PROTECTED_ROLES],
        contacts=contacts,
        marker=REMOVED_MARKERS.get(document.locale, REMOVED_MARKERS["en"]),
    )
    return _redacted(document, scrub)


def _scrubber(
    protected: Iterable[str], officials: Iterable[str], contacts: Iterable[str], marker: str
) -> Callable[[str], str]:
    aliases = {name: pseudonym(name) for name in protected if name.strip()}
    # An official whose name contains a party's (张三丰 beside 张三) keeps it: the alternation
    # tries longer names first and maps officials to themselves.
    spelled = {name: name for name in officials if name not in aliases} | aliases
    in_text = sorted((name for name in spelled if len(name) > 1), key=len, reverse=True)
    names = re.compile("|".join(re.escape(name) for name in in_text)) if in_text else None
    known = sorted(
        {value.strip() for value in contacts if len(value.strip()) >= MIN_KNOWN_VALUE_LENGTH},
        key=len,
        reverse=True,
    )
    known_values = (
        re.compile("|".join(re.escape(value) for value in known), re.IGNORECASE) if known else None
    )

    def scrub(text: str) -> str:
        if text in aliases:
            return aliases[text]
        if known_values is not None:
            text = known_values.sub(marker, text)
        for pattern in _PRIVATE_DATA:
            text = pattern.sub(marker, text)
        if names is not None:
            text = names.sub(lambda found: spelled[found.group(0)], text)
        return text

    return scrub


def _kept_verbatim(field_name: str) -> bool:
    """Identifiers and hashes name records, not people; locale and zone are settings."""
    return field_name.endswith(("_id", "sha256")) or field_name in ("locale", "timezone")


def _redacted(value: _T, scrub: Callable[[str], str]) -> _T:
    result: Any = value
    if isinstance(value, str):
        result = scrub(value)
    elif isinstance(value, tuple):
        result = tuple(_redacted(item, scrub) for item in value)
    elif is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: _redacted(getattr(value, field.name), scrub)
            for field in fields(value)
            if field.init and not _kept_verbatim(field.name)
        }
        result = replace(value, **changes)
    return cast(_T, result)


def _is_latin_script(name: str) -> bool:
    letters = [char for char in name if char.isalpha()]
    return bool(letters) and all(unicodedata.name(char, "").startswith("LATIN") for char in letters)
