"""The case clock: acceptance and handling deadlines, one extension, closing, a light (rule 1).

Each deadline is worked out from the jurisdiction's rules when the event that starts it is
recorded (registration, acceptance, extension) and stored with the case, so that a later change
of the rules governs future clocks and never rewrites one already running.

Days are the jurisdiction's local dates: before 08:00 in Shanghai it is still yesterday in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from core.clock import require_aware
from core.errors import Conflict, RuleViolation
from hearing.jurisdictions.rules import JurisdictionRules


class Light(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    CLOSED = "closed"


@dataclass(frozen=True)
class CaseClock:
    registered_on: date
    #: The last day on which the case is accepted on time.
    acceptance_deadline: date
    accepted_on: date | None = None
    #: Day ``handle_days`` after acceptance: red from it unless extended.
    handling_deadline: date | None = None
    #: Day ``amber_from_day`` after acceptance.
    amber_on: date | None = None
    #: The last day of the single extension: amber until it, red after.
    extended_until: date | None = None
    extension_reason: str | None = None
    closed_on: date | None = None


def local_date(moment: datetime, timezone: str) -> date:
    """The calendar date of ``moment`` in the jurisdiction's ``timezone``."""
    return require_aware(moment, "now").astimezone(ZoneInfo(timezone)).date()


def register(registered_on: date, rules: JurisdictionRules) -> CaseClock:
    """The clock of a case registered on ``registered_on``: it awaits acceptance."""
    deadline = registered_on + timedelta(days=rules.accept_days)
    return CaseClock(registered_on=registered_on, acceptance_deadline=deadline)


def accept(clock: CaseClock, accepted_on: date, rules: JurisdictionRules) -> CaseClock:
    """Accept the case; the handling period runs from ``accepted_on``."""
    if clock.accepted_on is not None:
        raise Conflict(
            f"the case was already accepted on {clock.accepted_on}",
            code="case_already_accepted",
            field="accepted_on",
        )
    if accepted_on < clock.registered_on:
        raise RuleViolation(
            f"a case registered on {clock.registered_on} cannot be accepted on {accepted_on}",
            code="accepted_before_registration",
            field="accepted_on",
        )
    return replace(
        clock,
        accepted_on=accepted_on,
        handling_deadline=accepted_on + timedelta(days=rules.handle_days),
        amber_on=accepted_on + timedelta(days=rules.amber_from_day),
    )


def extend(clock: CaseClock, days: int, reason: str, rules: JurisdictionRules) -> CaseClock:
    """Grant the case's single extension of ``days`` beyond its handling deadline."""
    _require_open(clock)
    if clock.handling_deadline is None:
        raise Conflict(
            "only an accepted case has a handling period to extend",
            code="case_not_accepted",
            field="accepted_on",
        )
    if clock.extended_until is not None:
        raise Conflict(
            f"the case was already extended until {clock.extended_until}",
            code="extension_already_granted",
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
            "an extension is recorded with its reason", code="reason_required", field="reason"
        )
    extended_until = clock.handling_deadline + timedelta(days=days)
    return replace(clock, extended_until=extended_until, extension_reason=reason.strip())


def close(clock: CaseClock, closed_on: date) -> CaseClock:
    """Close a handled case with its reply on ``closed_on``."""
    _require_open(clock)
    if clock.accepted_on is None:
        raise Conflict(
            "a case is accepted before it is closed", code="case_not_accepted", field="closed_on"
        )
    if closed_on < clock.accepted_on:
        raise RuleViolation(
            f"a case accepted on {clock.accepted_on} cannot be closed on {closed_on}",
            code="closed_before_acceptance",
            field="closed_on",
        )
    return replace(clock, closed_on=closed_on)


def _require_open(clock: CaseClock) -> None:
    if clock.closed_on is not None:
        raise Conflict(
            f"the case was closed on {clock.closed_on}", code="case_closed", field="closed_on"
        )


def require_closed(clock: CaseClock, field: str) -> date:
    """The day the case was closed; refused while it is still open."""
    if clock.closed_on is None:
        raise Conflict("the case is not closed yet", code="case_not_closed", field=field)
    return clock.closed_on


def deadline_in_force(clock: CaseClock) -> date | None:
    """The deadline the case now runs against: acceptance until it is accepted, then handling,
    or the extension's last day once granted; None when it is closed."""
    if clock.closed_on is not None:
        return None
    if clock.handling_deadline is None:
        return clock.acceptance_deadline
    return clock.extended_until or clock.handling_deadline


def status_light(clock: CaseClock, today: date) -> Light:
    """Closed; red once a deadline has passed; amber from ``amber_on``; green before.

    ``hearing.cases.queries.light_condition`` states the same rule in SQL for list filters.
    """
    if clock.closed_on is not None:
        return Light.CLOSED
    if clock.handling_deadline is None or clock.amber_on is None:
        return Light.RED if today > clock.acceptance_deadline else Light.GREEN
    if clock.extended_until is not None:
        if today > clock.extended_until:
            return Light.RED
        late = today >= clock.amber_on or today >= clock.handling_deadline
        return Light.AMBER if late else Light.GREEN
    if today >= clock.handling_deadline:
        return Light.RED
    return Light.AMBER if today >= clock.amber_on else Light.GREEN
