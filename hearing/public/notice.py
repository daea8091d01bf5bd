"""The public notice of a public hearing (公开听证公告): what the public may know of it.

The notice names the hearing, its time and place, the matter in general terms and how to
register as an observer. It carries no personal data: never the case summary, nor any
participant's contact details, and a participant's name found in a title is masked the way
public minutes mask it (张三 -> 张某).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

REGISTRATION_FIELDS = ("name", "email")

_HOW_TO_REGISTER = {
    "en": (
        "Members of the public may observe. Register with your name and email at {url}; "
        "seats are given in order of registration, then a waiting list moves up when someone "
        "cancels. Bring an identity document."
    ),
    "zh-CN": (
        "欢迎公众旁听。请提交姓名和电子邮箱进行登记：{url}；旁听席位按登记先后分配，"
        "席位已满时进入候补名单，有人取消后依次递补。请携带身份证件。"
    ),
}


@dataclass(frozen=True)
class Place:
    name: str
    address: str


@dataclass(frozen=True)
class NoticeFacts:
    """What the notice is made from, loaded by the service."""

    title: str
    matter: str
    locale: str
    start: datetime
    end: datetime
    timezone: str
    place: Place
    public_seats: int
    confirmed: int
    #: Every participant's name, to be kept out of the notice.
    names: tuple[str, ...]


@dataclass(frozen=True)
class PublicNotice:
    title: str
    matter: str
    start: datetime
    end: datetime
    timezone: str
    place: Place
    public_seats: int
    seats_left: int
    register_url: str
    register_fields: tuple[str, ...]
    how_to_register: str


def mask_names(text: str, names: Iterable[str]) -> str:
    """``text`` with every given name masked: a Chinese name keeps its surname (张某)."""
    for name in sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True):
        text = text.replace(name, _masked(name))
    return text


def _masked(name: str) -> str:
    if unicodedata.name(name[0], "").startswith("CJK UNIFIED IDEOGRAPH"):
        return f"{name[0]}某"
    return "***"


def public_notice(facts: NoticeFacts, register_url: str) -> PublicNotice:
    zone = ZoneInfo(facts.timezone)
    template = _HOW_TO_REGISTER.get(facts.locale, _HOW_TO_REGISTER["zh-CN"])
    return PublicNotice(
        title=mask_names(facts.title, facts.names),
        matter=mask_names(facts.matter, facts.names),
        start=facts.start.astimezone(zone),
        end=facts.end.astimezone(zone),
        timezone=facts.timezone,
        place=facts.place,
        public_seats=facts.public_seats,
        seats_left=max(0, facts.public_seats - facts.confirmed),
        register_url=register_url,
        register_fields=REGISTRATION_FIELDS,
        how_to_register=template.format(url=register_url),
    )
