"""Dates and times as a viewer reads them: their language, their zone, the zone named."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_timezone_name

from ui.i18n import babel_locale


def local_datetime(moment: datetime, zone: str, language: str) -> str:
    """``moment`` on the viewer's wall clock, followed by the zone's name (DST-aware)."""
    local = moment.astimezone(ZoneInfo(zone))
    locale = babel_locale(language)
    day = format_date(local, "medium", locale=locale)
    time = format_time(local, "short", locale=locale)
    return f"{day} {time} {get_timezone_name(local, width='long', locale=locale)}"


def local_date(day: date, language: str) -> str:
    return format_date(day, "medium", locale=babel_locale(language))
