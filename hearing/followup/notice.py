"""Supervision notices (督办通知): the email that tells an organisation an action item is
overdue, or that it was escalated to it, in the recipient's language (en or zh-CN), as a text
and an HTML body."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from enum import StrEnum
from html import escape


class NoticeKind(StrEnum):
    OVERDUE = "overdue"  # to the owner organisation
    ESCALATED = "escalated"  # to the owner's parent organisation


@dataclass(frozen=True)
class NoticeFacts:
    recipient_name: str
    recipient_email: str
    locale: str  # en | zh-CN; anything else reads as zh-CN
    kind: NoticeKind
    item_title: str
    owner_name: str
    due_date: date
    days_overdue: int
    case_reference: str
    reason: str | None = None  # why it was escalated
    link: str = ""


@dataclass(frozen=True)
class NoticeSender:
    name: str
    email: str


_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "subject.overdue": "Overdue action item: {title}",
        "subject.escalated": "Supervision notice: action item escalated to you: {title}",
        "greeting": "Dear {name},",
        "lead.overdue": "The action item below, owned by {owner}, is overdue by {days} day(s).",
        "lead.escalated": (
            "The action item below, owned by {owner}, has been escalated to your organisation "
            "for supervision. It is overdue by {days} day(s)."
        ),
        "item": "Action item: {title}",
        "case": "Case: {reference}",
        "due": "Due date: {due}",
        "reason": "Reason for escalation: {reason}",
        "link": "Follow it up at: {link}",
        "signature": "{office}",
    },
    "zh-CN": {
        "subject.overdue": "督办事项已逾期：{title}",
        "subject.escalated": "督办通知：督办事项已提级至贵单位：{title}",
        "greeting": "{name}：",
        "lead.overdue": "由{owner}承办的下列督办事项已逾期 {days} 天。",
        "lead.escalated": "由{owner}承办的下列督办事项已逾期 {days} 天，现提请贵单位督办。",
        "item": "督办事项：{title}",
        "case": "信访事项编号：{reference}",
        "due": "办理期限：{due}",
        "reason": "提级理由：{reason}",
        "link": "办理情况请登录：{link}",
        "signature": "{office}",
    },
}
_DEFAULT_LOCALE = "zh-CN"


def _texts(locale: str) -> dict[str, str]:
    return _TEXTS.get(locale, _TEXTS[_DEFAULT_LOCALE])


def notice_lines(facts: NoticeFacts, sender: NoticeSender) -> tuple[str, list[str]]:
    """The subject and the body's paragraphs, in the recipient's language."""
    texts = _texts(facts.locale)
    days = max(facts.days_overdue, 0)
    lines = [
        texts["greeting"].format(name=facts.recipient_name),
        texts[f"lead.{facts.kind}"].format(owner=facts.owner_name, days=days),
        texts["item"].format(title=facts.item_title),
        texts["case"].format(reference=facts.case_reference),
        texts["due"].format(due=facts.due_date.isoformat()),
    ]
    if facts.reason:
        lines.append(texts["reason"].format(reason=facts.reason))
    if facts.link:
        lines.append(texts["link"].format(link=facts.link))
    lines.append(texts["signature"].format(office=sender.name))
    return texts[f"subject.{facts.kind}"].format(title=facts.item_title), lines


def compose_notice(facts: NoticeFacts, sender: NoticeSender, sent_at: datetime) -> EmailMessage:
    subject, lines = notice_lines(facts, sender)
    locale = facts.locale if facts.locale in _TEXTS else _DEFAULT_LOCALE
    html_paragraphs = "".join(f"<p>{escape(line)}</p>" for line in lines)
    html = (
        f'<!DOCTYPE html><html lang="{locale}"><head><meta charset="utf-8">'
        f"<title>{escape(subject)}</title></head><body>{html_paragraphs}</body></html>\n"
    )
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = Address(sender.name, addr_spec=sender.email)
    message["To"] = Address(facts.recipient_name, addr_spec=facts.recipient_email)
    message["Date"] = format_datetime(sent_at)
    message.set_content("\n\n".join(lines) + "\n", subtype="plain", charset="utf-8", cte="base64")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="base64")
    message["Content-Language"] = locale
    return message
