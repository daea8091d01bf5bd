"""Emails announcing sessions (RFC 6047): invitations, updates, cancellations and reminders.

A message is a text and an HTML body in the recipient's language (English or Simplified
Chinese), with times in the recipient's own zone; invitations also carry the iCalendar file as
a ``text/calendar; method=...`` alternative whose method matches the METHOD inside (Outlook
ignores a cancellation otherwise) and as an ``invite.ics`` attachment. The calendar bytes are
base64-encoded so that their CRLF line ends and 75-octet folding arrive untouched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime as rfc5322_date
from email.utils import formataddr
from enum import StrEnum
from pathlib import Path
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

import jinja2
from babel.dates import format_date, format_time
from markupsafe import Markup

from scheduling.invitations.writer import itip_method

TEMPLATES_DIR = Path(__file__).parent / "templates"
LABELS: dict[str, dict[str, str]] = json.loads(
    (TEMPLATES_DIR / "mail_labels.json").read_text(encoding="utf-8")
)
LOCALES = frozenset(LABELS)
DEFAULT_LOCALE = "zh-CN"


class Announcement(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    CANCELLED = "cancelled"  # the whole session
    REMOVED = "removed"  # the recipient was taken off the session
    POSTPONED = "postponed"  # 延期 before it began: a new time follows
    SUSPENDED = "suspended"  # 中止 while it ran: it goes on at a new time
    REMINDER = "reminder"


#: Announcements whose calendar is a CANCEL: the reader has nothing to bring or answer.
WITHDRAWN = frozenset(
    {
        Announcement.CANCELLED,
        Announcement.REMOVED,
        Announcement.POSTPONED,
        Announcement.SUSPENDED,
    }
)


@dataclass(frozen=True)
class MailFacts:
    """What the recipient reads about the session, already cut to what they may see."""

    recipient_name: str
    recipient_email: str
    locale: str  # en | zh-CN
    timezone: str  # the recipient's IANA zone
    title: str
    kind: str  # a SessionKind value
    role: str  # the recipient's ParticipantRole value
    start: datetime
    end: datetime
    location: str = ""
    case_reference: str | None = None  # None on public notices
    agenda: tuple[str, ...] = ()
    #: Opens a page to accept, decline or answer tentatively, without logging in.
    answer_link: str = ""
    #: The recipient's own page: every session of theirs, answers and minutes (/ui/p/).
    page_link: str = ""
    reason: str | None = None  # why it was cancelled, moved, postponed or suspended


@dataclass(frozen=True)
class Sender:
    name: str
    email: str


environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    autoescape=jinja2.select_autoescape(["html"]),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def labels_for(locale: str) -> dict[str, str]:
    return LABELS.get(locale, LABELS[DEFAULT_LOCALE])


def _babel_locale(locale: str) -> str:
    return locale.replace("-", "_") if locale in LOCALES else DEFAULT_LOCALE.replace("-", "_")


def when_text(start: datetime, end: datetime, timezone: str, locale: str) -> str:
    """The local day, start and end times and the zone, in the reader's language."""
    zone = ZoneInfo(timezone)
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    babel_locale = _babel_locale(locale)
    day = format_date(local_start.date(), "full", locale=babel_locale)
    span = (
        f"{format_time(local_start.time(), 'HH:mm', locale=babel_locale)}\u2013"
        f"{format_time(local_end.time(), 'HH:mm', locale=babel_locale)}"
    )
    if local_end.date() != local_start.date():
        span += " " + format_date(local_end.date(), "full", locale=babel_locale)
    zone_text = labels_for(locale)["time_zone"].format(zone=timezone)
    return f"{day} {span} ({zone_text})"


def subject_of(facts: MailFacts, announcement: Announcement, days_before: int = 0) -> str:
    labels = labels_for(facts.locale)
    if announcement == Announcement.REMINDER:
        key = f"subject.reminder.{days_before}" if days_before in (0, 1) else "subject.reminder"
        return labels[key].format(days=days_before, title=facts.title)
    return labels[f"subject.{announcement}"].format(title=facts.title)


def _bodies(
    facts: MailFacts, announcement: Announcement, subject: str, sender: Sender, attached: bool
) -> tuple[str, str]:
    labels = labels_for(facts.locale)
    context: dict[str, Any] = {
        "locale": facts.locale if facts.locale in LOCALES else DEFAULT_LOCALE,
        "subject": subject,
        "label": labels,
        "greeting": labels["greeting"].format(name=facts.recipient_name),
        "lead": labels[f"lead.{announcement}"].format(kind=labels[f"kind.{facts.kind}"]),
        "title": facts.title,
        "when": when_text(facts.start, facts.end, facts.timezone, facts.locale),
        "location": facts.location,
        "case_reference": facts.case_reference,
        "role": labels.get(f"role.{facts.role}", facts.role),
        "reason": facts.reason,
        "agenda": facts.agenda,
        "public": facts.case_reference is None,
        "cancelled": announcement in WITHDRAWN,
        "answer": labels["answer"].format(link=facts.answer_link),
        "answer_html": _linked_html(labels["answer"], facts.answer_link),
        "page_link": facts.page_link,
        "your_page": labels["your_page"].format(link=facts.page_link),
        "your_page_html": _linked_html(labels["your_page"], facts.page_link),
        "attached": attached,
        "signature": labels["signature"].format(office=sender.name),
    }
    text = environment.get_template("mail.txt").render(context)
    html = environment.get_template("mail.html").render(context)
    return text, html


def _linked_html(label: str, link: str) -> Markup:
    """A sentence with its link clickable; label and link are escaped."""
    anchor = Markup('<a href="{0}">{0}</a>').format(link)
    return Markup.escape(label).format(link=anchor)


def calendar_description(
    locale: str,
    title: str,
    case: tuple[str, str] | None,
    agenda: tuple[str, ...],
    answer_link: str,
) -> str:
    """A calendar event's DESCRIPTION in the reader's language; ``case`` (reference, title)
    is None on a public notice, which names neither the case nor the agenda."""
    labels = labels_for(locale)
    lines = [title]
    if case is None:
        lines.append(labels["public_notice"])
    else:
        reference, case_title = case
        lines.append(labels["description.case"].format(reference=reference, title=case_title))
        if agenda:
            items = labels["list_separator"].join(agenda)
            lines.append(labels["description.agenda"].format(items=items))
    lines.append(labels["bring"])
    lines.append(labels["description.answer"].format(link=answer_link))
    return "\n".join(lines)


def _boundary() -> str:
    """A fresh boundary that cannot occur in the parts, all base64 (no "_" in its alphabet):
    given one, the generator skips searching every part's text for a clash."""
    return f"=_{uuid4().hex}"


def _text_part(text: str, subtype: str) -> MIMEText:
    part = MIMEText(text, subtype, "utf-8")  # base64 for UTF-8, as compat32 encodes it
    del part["MIME-Version"]  # once, on the whole message
    return part


def _message(
    subtype: str,
    parts: list[Message],
    facts: MailFacts,
    subject: str,
    sender: Sender,
    sent_at: datetime,
) -> MIMEMultipart:
    # The legacy (compat32) classes, not EmailMessage: the modern API parses and refolds every
    # header through its registry, 4 ms a message against 1, and a booking composes one per
    # participant inside its request.
    message = MIMEMultipart(subtype, boundary=_boundary(), _subparts=parts)
    message["Subject"] = Header(subject, "us-ascii" if subject.isascii() else "utf-8").encode()
    message["From"] = formataddr((sender.name, sender.email), "utf-8")
    message["To"] = formataddr((facts.recipient_name, facts.recipient_email), "utf-8")
    message["Date"] = rfc5322_date(sent_at)
    message["Content-Language"] = facts.locale
    return message


def compose_invitation(
    facts: MailFacts,
    announcement: Announcement,
    ical_text: str,
    sender: Sender,
    sent_at: datetime,
) -> Message:
    """An invitation, update or cancellation carrying its iTIP calendar."""
    method = itip_method(ical_text)
    subject = subject_of(facts, announcement)
    text, html = _bodies(facts, announcement, subject, sender, attached=True)
    calendar = _text_part(ical_text, "calendar")
    calendar.set_param("method", method)
    bodies = MIMEMultipart(
        "alternative",
        boundary=_boundary(),
        _subparts=[_text_part(text, "plain"), _text_part(html, "html"), calendar],
    )
    del bodies["MIME-Version"]
    attachment = MIMEApplication(ical_text.encode("utf-8"), "ics")
    attachment.add_header("Content-Disposition", "attachment", filename="invite.ics")
    del attachment["MIME-Version"]
    return _message("mixed", [bodies, attachment], facts, subject, sender, sent_at)


def compose_reminder(
    facts: MailFacts, days_before: int, sender: Sender, sent_at: datetime
) -> Message:
    """A reminder: text and HTML only, so calendar apps see no new version of the event."""
    subject = subject_of(facts, Announcement.REMINDER, days_before)
    text, html = _bodies(facts, Announcement.REMINDER, subject, sender, attached=False)
    parts: list[Message] = [_text_part(text, "plain"), _text_part(html, "html")]
    return _message("alternative", parts, facts, subject, sender, sent_at)
