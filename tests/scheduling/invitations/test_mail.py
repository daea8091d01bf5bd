"""Invitation emails: parts, methods, language and times as the recipient should see them."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import EmailMessage, Message
from email.policy import SMTP, default

import pytest

from core.errors import RuleViolation
from scheduling.invitations.mail import (
    Announcement,
    MailFacts,
    Sender,
    compose_invitation,
    compose_reminder,
    when_text,
)

SENDER = Sender("信访办 Petition Office", "petitions@concord.example")
SENT_AT = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
ICAL = "BEGIN:VCALENDAR\r\nMETHOD:{method}\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


def facts(locale: str = "zh-CN", **changes: object) -> MailFacts:
    values: dict[str, object] = {
        "recipient_name": "张三, Jr.",
        "recipient_email": "zhang@example.cn",
        "locale": locale,
        "timezone": "Asia/Shanghai",
        "title": "补偿争议调解",
        "kind": "mediation",
        "role": "petitioner",
        "start": datetime(2026, 12, 3, 1, 30, tzinfo=UTC),
        "end": datetime(2026, 12, 3, 3, 0, tzinfo=UTC),
        "location": "调解室, 人民路1号",
        "case_reference": "XF-2026-001",
        "agenda": ("补偿标准", "安置方案"),
        "answer_link": "http://testserver/api/v1/sessions/s/answer?token=signed-token",
    }
    values.update(changes)
    return MailFacts(**values)


def as_received(message: Message) -> EmailMessage:
    wire = message.as_bytes(policy=SMTP)
    wire.decode("ascii")  # 7-bit clean: any relay can carry it
    received = message_from_bytes(wire, policy=default)
    assert isinstance(received, EmailMessage)
    return received


def parts(message: EmailMessage) -> list[str]:
    return [part.get_content_type() for part in message.walk()]


def body(message: EmailMessage, content_type: str) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == content_type)
    return str(part.get_content())


@pytest.mark.parametrize("method", ["REQUEST", "CANCEL"])
def test_the_calendar_part_carries_the_method_inside_and_arrives_byte_for_byte(method) -> None:
    ical = ICAL.format(method=method)
    announcement = Announcement.NEW if method == "REQUEST" else Announcement.CANCELLED
    message = as_received(compose_invitation(facts(), announcement, ical, SENDER, SENT_AT))

    assert parts(message) == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "text/calendar",
        "application/ics",
    ]
    calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert calendar.get_param("method") == method
    assert calendar.get_payload(decode=True) == ical.encode()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_payload(decode=True) == ical.encode()


def test_chinese_recipients_read_chinese_in_their_own_time_zone() -> None:
    message = as_received(
        compose_invitation(
            facts(), Announcement.NEW, ICAL.format(method="REQUEST"), SENDER, SENT_AT
        )
    )
    assert message["Subject"] == "邀请：补偿争议调解"
    assert message["To"].addresses[0].display_name == "张三, Jr."
    assert message["Content-Language"] == "zh-CN"
    text = body(message, "text/plain")
    assert "诚邀您参加调解" in text
    assert "2026年12月3日星期四 09:30\u201311:00" in text
    assert "XF-2026-001" in text and "安置方案" in text
    html = body(message, "text/html")
    assert '<html lang="zh-CN">' in html and "<li>补偿标准</li>" in html


def test_english_recipients_read_english_and_html_is_escaped() -> None:
    message = as_received(
        compose_invitation(
            facts("en", title="Hearing <A&B>", timezone="Europe/London"),
            Announcement.UPDATED,
            ICAL.format(method="REQUEST"),
            SENDER,
            SENT_AT,
        )
    )
    assert message["Subject"] == "Updated: Hearing <A&B>"
    text = body(message, "text/plain")
    assert "Thursday, December 3, 2026 01:30\u201303:00 (time zone Europe/London)" in text
    assert "This replaces the earlier invitation" in text
    assert "Hearing &lt;A&amp;B&gt;" in body(message, "text/html")


def test_a_public_notice_names_no_case_and_no_agenda() -> None:
    public = facts(role="observer", case_reference=None, agenda=())
    text = body(
        as_received(
            compose_invitation(
                public, Announcement.NEW, ICAL.format(method="REQUEST"), SENDER, SENT_AT
            )
        ),
        "text/plain",
    )
    assert "XF-2026-001" not in text and "补偿标准" not in text
    assert "公开听证公告" in text


def test_a_cancellation_gives_the_reason_and_asks_for_no_answer() -> None:
    text = body(
        as_received(
            compose_invitation(
                facts("en", reason="the petitioner withdrew"),
                Announcement.CANCELLED,
                ICAL.format(method="CANCEL"),
                SENDER,
                SENT_AT,
            )
        ),
        "text/plain",
    )
    assert "Reason: the petitioner withdrew" in text
    assert "signed-token" not in text


def test_a_reminder_has_no_calendar_part() -> None:
    message = as_received(compose_reminder(facts("en"), 1, SENDER, SENT_AT))
    assert message["Subject"] == "Reminder, tomorrow: 补偿争议调解"
    assert parts(message) == ["multipart/alternative", "text/plain", "text/html"]
    reminder = as_received(compose_reminder(facts(), 3, SENDER, SENT_AT))
    assert reminder["Subject"] == "提醒（3天后）：补偿争议调解"


def test_a_calendar_without_method_is_not_an_invitation() -> None:
    with pytest.raises(RuleViolation, match="METHOD"):
        compose_invitation(
            facts(), Announcement.NEW, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", SENDER, SENT_AT
        )


def test_a_session_over_midnight_names_both_days() -> None:
    text = when_text(
        datetime(2026, 12, 3, 15, 0, tzinfo=UTC),
        datetime(2026, 12, 3, 17, 0, tzinfo=UTC),
        "Asia/Shanghai",
        "en",
    )
    assert text.startswith("Thursday, December 3, 2026 23:00\u201301:00 Friday, December 4, 2026")


def test_base64_bodies_decode_to_the_rendered_text() -> None:
    message = as_received(compose_reminder(facts(), 7, SENDER, SENT_AT))
    plain = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    assert plain["Content-Transfer-Encoding"] == "base64"
    assert "提醒您参加以下调解" in base64.b64decode(plain.get_payload()).decode("utf-8")


def test_the_answer_link_in_the_html_body_is_a_link() -> None:
    message = as_received(
        compose_invitation(
            facts("en"), Announcement.NEW, ICAL.format(method="REQUEST"), SENDER, SENT_AT
        )
    )
    link = "http://testserver/api/v1/sessions/s/answer?token=signed-token"
    assert f'<a href="{link}">{link}</a>' in body(message, "text/html")
    assert f"open {link}" in body(message, "text/plain")


@pytest.mark.parametrize(
    ("announcement", "english", "chinese"),
    [
        (Announcement.CANCELLED, "has been cancelled", "已取消"),
        (Announcement.REMOVED, "will not take place for you", "您不再参加"),
        (Announcement.POSTPONED, "has been postponed", "已延期"),
        (Announcement.SUSPENDED, "has been suspended", "已中止"),
    ],
)
def test_a_cancelled_session_and_a_removed_participant_are_told_apart(
    announcement: Announcement, english: str, chinese: str
) -> None:
    for locale, wording in (("en", english), ("zh-CN", chinese)):
        message = compose_invitation(
            facts(locale), announcement, ICAL.format(method="CANCEL"), SENDER, SENT_AT
        )
        text = body(as_received(message), "text/plain")
        assert wording in text
        assert "signed-token" not in text


@pytest.mark.parametrize(
    ("announcement", "english", "chinese"),
    [
        (Announcement.POSTPONED, "Postponed: 补偿争议调解", "延期通知：补偿争议调解"),
        (Announcement.SUSPENDED, "Suspended: 补偿争议调解", "中止通知：补偿争议调解"),
    ],
)
def test_an_interruption_gives_its_grounds_and_says_a_new_time_will_follow(
    announcement: Announcement, english: str, chinese: str
) -> None:
    for locale, subject, follows in (
        ("en", english, "A new time will follow"),
        ("zh-CN", chinese, "新的时间将另行通知"),
    ):
        message = compose_invitation(
            facts(locale, reason="证人未到"),
            announcement,
            ICAL.format(method="CANCEL"),
            SENDER,
            SENT_AT,
        )
        text = body(as_received(message), "text/plain")
        assert as_received(message)["Subject"] == subject
        assert follows in text and "证人未到" in text


def test_a_reminder_on_the_day_says_today() -> None:
    english = as_received(compose_reminder(facts("en"), 0, SENDER, SENT_AT))
    assert english["Subject"] == "Reminder, today: 补偿争议调解"
    chinese = as_received(compose_reminder(facts(), 0, SENDER, SENT_AT))
    assert chinese["Subject"] == "提醒（今天）：补偿争议调解"
