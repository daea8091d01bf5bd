"""The email asking a participant to read and sign a version of the minutes, in their language
(Simplified Chinese or English), with their own signing link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime as rfc5322_date

from markupsafe import Markup

LOCALES = ("zh-CN", "en")
DEFAULT_LOCALE = "zh-CN"

_SUBJECT = {
    "zh-CN": "请核对并签署笔录：{title}（第 {version} 版）",
    "en": "Please read and sign the minutes: {title} (version {version})",
}
_BODY = {
    "zh-CN": (
        "{name}：\n\n"
        "《{title}》的笔录（第 {version} 版）已制作完成，请您核对并签字。\n\n"
        "请打开以下链接阅读笔录，签字确认，或者说明理由拒绝签字：\n{link}\n\n"
        "该链接仅供您本人使用，只对应本版笔录（SHA-256：{sha256}）。"
        "您答复后，或者笔录形成新版本后，该链接即失效；届时您将收到新的链接。\n\n"
        "您的个人页面（您参加的全部会议、邀请答复及笔录）：\n{page_link}\n\n{office}\n"
    ),
    "en": (
        "Dear {name},\n\n"
        "The minutes of {title} (version {version}) are ready: please read them and sign.\n\n"
        "Open this link to read the minutes and sign them, or refuse to sign with your reason:\n"
        "{link}\n\n"
        "The link is yours alone and answers for this version only (SHA-256: {sha256}). "
        "It stops working once you have answered, or when a newer version is built; you will "
        "then receive a new link.\n\n"
        "Your own page, with all your sessions, your answers to their invitations and their "
        "minutes:\n{page_link}\n\n{office}\n"
    ),
}


@dataclass(frozen=True)
class SigningRequest:
    """What one signer's email says."""

    recipient_name: str
    recipient_email: str
    locale: str
    title: str
    version: int
    version_sha256: str
    link: str
    #: The signer's own page (/ui/p/): every session of theirs, this signing included.
    page_link: str


def mail_locale(person_locale: str, session_locale: str) -> str:
    """The person's own language, else the session's (as invitations choose it)."""
    for locale in (person_locale, session_locale):
        if locale in LOCALES:
            return locale
    return DEFAULT_LOCALE


def _html_body(text: str, links: tuple[str, ...], locale: str) -> str:
    """The text body as HTML, its links clickable (mail apps that show HTML show that part)."""
    body = Markup.escape(text)
    for link in links:
        escaped = Markup.escape(link)
        body = Markup(body.replace(escaped, Markup('<a href="{0}">{0}</a>').format(link)))
    paragraphs = Markup("").join(
        Markup("<p>{}</p>\n").format(Markup(part.replace("\n", Markup("<br>\n"))))
        for part in body.split("\n\n")
        if part.strip()
    )
    head = f'<!DOCTYPE html>\n<html lang="{locale}"><head><meta charset="utf-8"></head>\n'
    return f"{head}<body>\n{paragraphs}</body></html>\n"


def compose_signing_request(
    request: SigningRequest, sender: Address, sent_at: datetime
) -> EmailMessage:
    locale = request.locale if request.locale in LOCALES else DEFAULT_LOCALE
    fields = {
        "name": request.recipient_name,
        "title": request.title,
        "version": request.version,
        "sha256": request.version_sha256,
        "link": request.link,
        "page_link": request.page_link,
        "office": sender.display_name,
    }
    message = EmailMessage()
    message["Subject"] = _SUBJECT[locale].format(**fields)
    message["From"] = sender
    message["To"] = Address(request.recipient_name, addr_spec=request.recipient_email)
    message["Date"] = rfc5322_date(sent_at)
    text = _BODY[locale].format(**fields)
    message.set_content(text, charset="utf-8", cte="base64")
    html = _html_body(text, (request.link, request.page_link), locale)
    message.add_alternative(html, subtype="html", charset="utf-8", cte="base64")
    message["Content-Language"] = locale
    return message
