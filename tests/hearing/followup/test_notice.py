"""Supervision notices read in the recipient's language, as text and as escaped HTML."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hearing.followup.notice import NoticeFacts, NoticeKind, NoticeSender, compose_notice

SENDER = NoticeSender("信访局", "petitions@concord.example")
SENT_AT = datetime(2027, 3, 20, 1, 0, tzinfo=UTC)


def _facts(locale: str, kind: NoticeKind = NoticeKind.ESCALATED, **extra: object) -> NoticeFacts:
    values: dict[str, object] = {
        "recipient_name": "陈督查",
        "recipient_email": "chen@example.gov.cn",
        "locale": locale,
        "kind": kind,
        "item_title": "补发过渡费",
        "owner_name": "住建局",
        "due_date": date(2027, 3, 10),
        "days_overdue": 9,
        "case_reference": "XF-7",
        "reason": "逾期未办",
        **extra,
    }
    return NoticeFacts(**values)


def _bodies(facts: NoticeFacts) -> tuple[str, str, str]:
    message = compose_notice(facts, SENDER, SENT_AT)
    text, html = (part.get_content() for part in message.iter_parts())
    return str(message["Subject"]), text, html


def test_an_escalation_notice_in_chinese_names_the_item_owner_case_and_reason() -> None:
    subject, text, html = _bodies(_facts("zh-CN"))
    assert subject == "督办通知：督办事项已提级至贵单位：补发过渡费"
    for expected in ("陈督查：", "住建局", "逾期 9 天", "XF-7", "2027-03-10", "提级理由：逾期未办"):
        assert expected in text
    assert 'lang="zh-CN"' in html


def test_an_overdue_notice_in_english() -> None:
    subject, text, _ = _bodies(_facts("en", NoticeKind.OVERDUE, reason=None))
    assert subject == "Overdue action item: 补发过渡费"
    assert "Dear 陈督查," in text
    assert "overdue by 9 day(s)" in text
    assert "Reason" not in text


def test_an_unknown_locale_reads_as_chinese() -> None:
    subject, _, html = _bodies(_facts("fr"))
    assert subject.startswith("督办通知")
    assert 'lang="zh-CN"' in html


def test_the_html_body_escapes_what_people_typed() -> None:
    _, _, html = _bodies(_facts("en", item_title="<script>x</script>"))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_the_notice_is_addressed_and_says_its_language() -> None:
    message = compose_notice(_facts("en"), SENDER, SENT_AT)
    assert message["To"].addresses[0].addr_spec == "chen@example.gov.cn"
    assert message["Content-Language"] == "en"
    assert [part.get_content_type() for part in message.iter_parts()] == [
        "text/plain",
        "text/html",
    ]
