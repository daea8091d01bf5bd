"""The rule values a jurisdiction sets (DESIGN.md part 2); the defaults are DESIGN's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from core.errors import RuleViolation


@dataclass(frozen=True)
class JurisdictionRules:
    """Whole numbers of days (or minutes) ≥ 0; 0 means no notice or grace is required."""

    accept_days: int = 15
    handle_days: int = 60
    extension_max_days: int = 30
    amber_from_day: int = 45
    public_hearing_notice_days: int = 7
    panel_min: int = 3
    panel_max: int = 7
    signing_window_days: int = 7
    open_before_start_minutes: int = 60
    followup_grace_days: int = 0
    #: 复查 / 复核: a review is asked within this many days of the reply (or of the review).
    review_request_days: int = 30
    #: A review or re-review is decided within this many days of the request.
    review_decide_days: int = 30

    def __post_init__(self) -> None:
        for setting in fields(self):
            value = getattr(self, setting.name)
            # bool is an int to Python, but "true days" is not a setting anyone means.
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise _invalid(f"{setting.name} must be a whole number ≥ 0", setting.name)
        if self.panel_min > self.panel_max:
            raise _invalid(
                f"panel_min {self.panel_min} is larger than panel_max {self.panel_max}",
                "panel_min",
            )
        smallest_odd_panel = self.panel_min if self.panel_min % 2 else self.panel_min + 1
        if smallest_odd_panel > self.panel_max:
            raise _invalid(
                f"panel size range {self.panel_min}-{self.panel_max} holds no odd number",
                "panel_min",
            )


def _invalid(message: str, field: str) -> RuleViolation:
    return RuleViolation(message, code="invalid_jurisdiction_setting", field=field)


def rules_from(values: Mapping[str, Any], field_prefix: str = "") -> JurisdictionRules:
    """Rules from stored or requested values (missing ones take the defaults).

    An invalid value is refused naming its place in the request, e.g. ``rules.panel_min``.
    """
    known = {setting.name for setting in fields(JurisdictionRules)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise _invalid(f"unknown setting {unknown[0]}", f"{field_prefix}{unknown[0]}")
    try:
        return JurisdictionRules(**values)
    except RuleViolation as exc:
        raise RuleViolation(
            exc.message, code=exc.code, field=f"{field_prefix}{exc.field}"
        ) from None


def rules_as_dict(rules: JurisdictionRules) -> dict[str, int]:
    return asdict(rules)
