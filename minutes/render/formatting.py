"""Labels and date formats of the minutes, in the locales they are written in."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from minutes.document import MinutesDocument

TEMPLATES_DIR = Path(__file__).parent / "templates"

# Translations live next to the templates: one flat table per locale, "group.value" keys for
# vocabulary (roles, statuses), and the page footer as a CSS content value.
LABELS: Mapping[str, Mapping[str, str]] = json.loads(
    (TEMPLATES_DIR / "labels.json").read_text(encoding="utf-8")
)

_EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_ZH_WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def label(labels: Mapping[str, str], group: str, value: str) -> str:
    # An unknown value is printed as is rather than dropped from a legal record.
    return labels.get(f"{group}.{value}", value)


def format_date(day: date, locale: str) -> str:
    if locale == "zh-CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"


def format_day_with_weekday(day: date, locale: str) -> str:
    if locale == "zh-CN":
        return f"{format_date(day, locale)}（{_ZH_WEEKDAYS[day.weekday()]}）"
    return f"{_EN_WEEKDAYS[day.weekday()]} {format_date(day, locale)}"


def _local_moment(moment: datetime, zone: ZoneInfo, locale: str) -> str:
    local = moment.astimezone(zone)
    return f"{format_date(local.date(), locale)} {local:%H:%M}"


def _offset(local: datetime) -> str:
    offset = local.strftime("%z")
    return f"{offset[:3]}:{offset[3:]}"


def format_moment(moment: datetime, zone: ZoneInfo, locale: str) -> str:
    """A moment in ``zone`` with the zone's abbreviation and offset: a printed time never
    leaves the reader guessing which clock it was read from."""
    local = moment.astimezone(zone)
    return f"{_local_moment(moment, zone, locale)} {local.tzname()} {_offset(local)}"


def format_audit_moment(moment: datetime, timezone: str) -> str:
    """The same in every locale, as an auditor reads it: ``2027-03-01 10:05 CST (+08:00) /
    Asia/Shanghai``."""
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()} ({_offset(local)}) / {timezone}"


def format_session_time(doc: MinutesDocument) -> str:
    """The session time in the session's own zone, the zone and offset named."""
    if doc.start is None:
        return LABELS[doc.locale]["not_scheduled"]
    zone = ZoneInfo(doc.timezone)
    start = doc.start.astimezone(zone)
    text = f"{format_day_with_weekday(start.date(), doc.locale)} {start:%H:%M}"
    if doc.end is not None:
        end = doc.end.astimezone(zone)
        if end.date() == start.date():
            text += f"–{end:%H:%M}"
        else:
            text += f" – {format_day_with_weekday(end.date(), doc.locale)} {end:%H:%M}"
    return parenthesised(text, zone_note(start, doc.timezone), doc.locale)


def parenthesised(text: str, note: str, locale: str) -> str:
    return f"{text}（{note}）" if locale == "zh-CN" else f"{text} ({note})"


def format_span(start: datetime, end: datetime | None, zone: ZoneInfo, locale: str) -> str:
    """A span of time in ``zone``: the end's date is repeated only when it differs. The zone
    is named once, above the spans, rather than in each."""
    text = _local_moment(start, zone, locale)
    if end is None:
        return text
    local_end = end.astimezone(zone)
    if local_end.date() == start.astimezone(zone).date():
        return f"{text}–{local_end:%H:%M}"
    return f"{text} – {_local_moment(end, zone, locale)}"


def zone_note(moment: datetime, timezone: str) -> str:
    """The zone and its offset at ``moment``: ``Asia/Shanghai, UTC+08:00``."""
    offset = moment.astimezone(ZoneInfo(timezone)).strftime("%z")
    return f"{timezone}, UTC{offset[:3]}:{offset[3:]}"
