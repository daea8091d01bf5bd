"""The email telling a waiting observer that a seat became free, in Chinese and English.

An observer has no account and so no language of their own: the message is written in the
session's language first and the other one after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime as rfc5322_date

from hearing.public.notice import PublicNotice

_SUBJECT = {"en": "Your seat is confirmed: {title}", "zh-CN": "旁听席位已确认：{title}"}
_BODY = {
    "en": (
        "Dear {name},\n\n"
        "A seat has become free and is now yours: you may observe the public hearing below.\n\n"
        "{title}\nWhen: {start} to {end} ({zone})\nWhere: {place}, {address}\n\n"
        "Please bring an identity document. If you cannot come, cancel with the token you "
        "received when you registered, so that the next person on the waiting list gets the seat."
    ),
    "zh-CN": (
        "{name}：\n\n"
        "有旁听席位空出，现已分配给您，欢迎旁听以下公开听证。\n\n"
        "{title}\n时间：{start} 至 {end}（{zone}）\n地点：{place}，{address}\n\n"
        "请携带身份证件。如不能到场，请使用登记时获得的取消凭证取消登记，以便候补人员递补。"
    ),
}


@dataclass(frozen=True)
class Sender:
    name: str
    email: str


def _languages(locale: str) -> tuple[str, str]:
    return ("en", "zh-CN") if locale == "en" else ("zh-CN", "en")


def compose_seat_confirmed(
    notice: PublicNotice,
    observer_name: str,
    observer_email: str,
    locale: str,
    sender: Sender,
    sent_at: datetime,
) -> EmailMessage:
    """The seat-confirmed message for ``observer_name``, about the hearing of ``notice``."""
    fields = {
        "name": observer_name,
        "title": notice.title,
        "start": notice.start.strftime("%Y-%m-%d %H:%M"),
        "end": notice.end.strftime("%H:%M"),
        "zone": notice.timezone,
        "place": notice.place.name,
        "address": notice.place.address,
    }
    languages = _languages(locale)
    message = EmailMessage()
    message["Subject"] = " / ".join(_SUBJECT[lang].format(**fields) for lang in languages)
    message["From"] = Address(sender.name, addr_spec=sender.email)
    message["To"] = Address(observer_name, addr_spec=observer_email)
    message["Date"] = rfc5322_date(sent_at)
    text = "\n\n-----\n\n".join(_BODY[lang].format(**fields) for lang in languages)
    message.set_content(text + "\n\n" + sender.name + "\n", charset="utf-8", cte="base64")
    message["Content-Language"] = ", ".join(languages)
    return message
