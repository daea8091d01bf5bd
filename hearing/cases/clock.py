"""The case clock: acceptance and handling deadlines, one extension, a status light (rule 1).

Deadlines are calendar dates and inclusive: a case accepted on the deadline day is on time.
Days are the jurisdiction's local dates: before 08:00 in Shanghai it is still yesterday in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from core.clock import require_aware
from core.errors import RuleViolation
from hearing.jurisdictions.rules import JurisdictionRules

StatusLight = Literal["green", "amber", "red"]


@dataclass(frozen=True)
class CaseClock:
    registered_on: date
    accepted_on: date | None
    extension_days: int = 0
    extension_reason: str | None = None

    def __post_init__(self) -> None:
        if self.accepted_on is not None and self.accepted_on < self.registered_on:
            raise RuleViolation(
                "a case cannot be accepted before it is registered",
                code="accepted_before_registration",
                field="accepted_on",
            )
        if self.extension_days < 0:
            raise RuleViolation(
                "an extension cannot be negative",
                code="extension_days_not_positive",
                field="extension_days",
            )
        if self.extension_days and not (self.extension_reason or "").strip():
            raise RuleViolation(
                "an extension is recorded with its reason",
                code="extension_reason_required",
                field="extension_reason",
            )


def local_date(moment: datetime, timezone: str) -> date:
    """The calendar date of ``moment`` in the jurisdiction's ``timezone``."""
    return require_aware(moment, "now").astimezone(ZoneInfo(timezone)).date()


def acceptance_deadline(clock: CaseClock, rules: JurisdictionRules) -> date:
    return clock.registered_on + timedelta(days=rules.accept_days)


def handling_deadline(clock: CaseClock, rules: JurisdictionRules) -> date | None:
    """The last day to handle the case, extension included; None until it is accepted."""
    if clock.accepted_on is None:
        return None
    return clock.accepted_on + timedelta(days=rules.handle_days + clock.extension_days)


def days_elapsed(clock: CaseClock, today: date) -> int:
    """Days since acceptance, or since registration while the case awaits acceptance."""
    started = clock.accepted_on if clock.accepted_on is not None else clock.registered_on
    return (today - started).days


def extend(clock: CaseClock, days: int, reason: str, rules: JurisdictionRules) -> CaseClock:
    """Grant the case's single extension of the handling period."""
    if clock.accepted_on is None:
        raise RuleViolation(
            "only an accepted case has a handling period to extend",
            code="case_not_accepted",
            field="accepted_on",
        )
    if clock.extension_days:
        raise RuleViolation(
            f"the case was already extended by {clock.extension_days} days",
            code="extension_already_used",
            field="days",
        )
    if days <= 0:
        raise RuleViolation(
            "an extension is a positive number of days",
            code="extension_days_not_positive",
            field="days",
        )
    if days > rules.extension_max_days:
        raise RuleViolation(
            f"an extension is at most {rules.extension_max_days} days, not {days}",
            code="extension_too_long",
            field="days",
        )
    if not reason.strip():
        raise RuleViolation(
            "an extension is recorded with its reason",
            code="extension_reason_required",
            field="reason",
        )
    return replace(clock, extension_days=days, extension_reason=reason.strip())


def status_light(clock: CaseClock, today: date, rules: JurisdictionRules) -> StatusLight:
    """Green, amber from ``amber_from_day`` after acceptance, red from the handling deadline.

    An extension moves the red threshold by its length, since the extended deadline replaces
    the ordinary one; amber stays where it is, because an extended case still runs late.
    """
    handling_due = handling_deadline(clock, rules)
    if handling_due is None:
        return "red" if today > acceptance_deadline(clock, rules) else "green"
    if today >= handling_due:
        return "red"
    if days_elapsed(clock, today) >= rules.amber_from_day:
        return "amber"
    return "green"
