from __future__ import annotations

from dataclasses import fields

import pytest

from core.errors import RuleViolation
from hearing.jurisdictions.rules import JurisdictionRules, rules_as_dict, rules_from


def refused(**values: object) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        rules_from(values, field_prefix="rules.")
    return caught.value


def test_default_rules_match_the_design() -> None:
    assert rules_as_dict(JurisdictionRules()) == {
        "accept_days": 15,
        "handle_days": 60,
        "extension_max_days": 30,
        "amber_from_day": 45,
        "public_hearing_notice_days": 7,
        "panel_min": 3,
        "panel_max": 7,
        "signing_window_days": 7,
        "open_before_start_minutes": 60,
        "followup_grace_days": 0,
        "review_request_days": 30,
        "review_decide_days": 30,
    }


def test_cannot_set_a_panel_range_without_an_odd_size() -> None:
    error = refused(panel_min=4, panel_max=4)
    assert (error.code, error.field) == ("invalid_jurisdiction_setting", "rules.panel_min")


def test_panel_min_above_panel_max_is_refused_naming_panel_min() -> None:
    error = refused(panel_min=5, panel_max=3)
    assert (error.code, error.field) == ("invalid_jurisdiction_setting", "rules.panel_min")
    assert "larger than panel_max" in error.message


@pytest.mark.parametrize("name", [setting.name for setting in fields(JurisdictionRules)])
def test_every_rule_value_must_not_be_negative(name: str) -> None:
    error = refused(**{name: -1})
    assert (error.code, error.field) == ("invalid_jurisdiction_setting", f"rules.{name}")


@pytest.mark.parametrize("value", [1.5, True, "7"])
def test_rule_values_are_whole_numbers(value: object) -> None:
    assert refused(signing_window_days=value).field == "rules.signing_window_days"


def test_zero_means_no_notice_or_grace() -> None:
    rules = rules_from({"public_hearing_notice_days": 0, "followup_grace_days": 0})
    assert rules.public_hearing_notice_days == 0


def test_an_amber_day_past_the_deadline_only_means_the_light_skips_amber() -> None:
    assert rules_from({"amber_from_day": 61}).amber_from_day == 61


def test_unknown_setting_is_refused_by_name() -> None:
    assert refused(red_from_day=60).field == "rules.red_from_day"


def test_missing_values_take_the_defaults_and_round_trip() -> None:
    rules = rules_from({"accept_days": 10})
    assert rules.accept_days == 10 and rules.handle_days == 60
    assert rules_from(rules_as_dict(rules)) == rules
