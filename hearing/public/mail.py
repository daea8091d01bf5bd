"""The emails to observers, in Chinese and English: a seat became free, or the hearing they
registered for is called off (cancelled, postponed or suspended).

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


_CALLED_OFF_SUBJECT = {
    "cancelled": {"en": "Cancelled: {title}", "zh-CN": "取消通知：{title}"},
    "postponed": {"en": "Postponed: {title}", "zh-CN": "延期通知：{title}"},
    "suspended": {"en": "Suspended: {title}", "zh-CN": "中止通知：{title}"},
}
_CALLED_OFF_WHAT = {
    "cancelled": {"en": "cancelled", "zh-CN": "取消"},
    "postponed": {"en": "postponed", "zh-CN": "延期"},
    "suspended": {"en": "suspended", "zh-CN": "中止"},
}
_CALLED_OFF_BODY = {
    "en": (
        "Dear {name},\n\n"
        "The public hearing below, for which you registered, has been {what}. Reason: {reason}\n\n"
        "{title}\nPlanned: {start} to {end} ({zone})\nWhere: {place}, {address}\n\n{after}"
    ),
    "zh-CN": (
        "{name}：\n\n"
        "您登记旁听的以下公开听证已{what}。原因：{reason}\n\n"
        "{title}\n原定时间：{start} 至 {end}（{zone}）\n地点：{place}，{address}\n\n{after}"
    ),
}
_CALLED_OFF_AFTER = {
    "cancelled": {"en": "Your registration lapses.", "zh-CN": "您的旁听登记随之失效。"},
    "postponed": {
        "en": "A new time will be announced; your registration stands.",
        "zh-CN": "新的时间将另行通知，您的旁听登记继续有效。",
    },
    "suspended": {
        "en": "It will continue at a new time, to be announced; your registration stands.",
        "zh-CN": "听证将在新的时间继续进行，时间另行通知，您的旁听登记继续有效。",
    },
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


def compose_called_off(
    notice: PublicNotice,
    observer_name: str,
    observer_email: str,
    locale: str,
    how: str,
    reason: str,
    sender: Sender,
    sent_at: datetime,
) -> EmailMessage:
    """Tell ``observer_name`` that the hearing of ``notice`` is ``how`` (cancelled, postponed
    or suspended), with its reason."""
    fields = {
        "name": observer_name,
        "title": notice.title,
        "start": notice.start.strftime("%Y-%m-%d %H:%M"),
        "end": notice.end.strftime("%H:%M"),
        "zone": notice.timezone,
        "place": notice.place.name,
        "address": notice.place.address,
        "reason": reason,
    }
    languages = _languages(locale)
    message = EmailMessage()
    message["Subject"] = " / ".join(
        _CALLED_OFF_SUBJECT[how][lang].format(**fields) for lang in languages
    )
    message["From"] = Address(sender.name, addr_spec=sender.email)
    message["To"] = Address(observer_name, addr_spec=observer_email)
    message["Date"] = rfc5322_date(sent_at)
    bodies = (
        _CALLED_OFF_BODY[lang].format(
            **fields, what=_CALLED_OFF_WHAT[how][lang], after=_CALLED_OFF_AFTER[how][lang]
        )
        for lang in languages
    )
    text = "\n\n-----\n\n".join(bodies)
    message.set_content(text + "\n\n" + sender.name + "\n", charset="utf-8", cte="base64")
    message["Content-Language"] = ", ".join(languages)
    return message
