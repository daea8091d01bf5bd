"""Jurisdictions through the services: the default, the rules of a case, who may change them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from core.access import Role, Viewer
from core.errors import Forbidden, NotFound, RuleViolation
from core.settings import get_settings
from hearing.cases import service as cases
from hearing.cases.service import NewCase
from hearing.jurisdictions import service as jurisdictions
from hearing.jurisdictions.rules import JurisdictionRules
from hearing.jurisdictions.service import DEFAULT_JURISDICTION_ID, NewJurisdiction

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
ADMIN = Viewer(uuid4(), "admin@test.example", Role.ADMIN, None)
COORDINATOR = Viewer(uuid4(), "coordinator@test.example", Role.COORDINATOR, None)
PARTICIPANT = Viewer(uuid4(), "p@test.example", Role.PARTICIPANT, uuid4())


async def test_the_default_is_created_once_from_the_settings_and_keeps_later_changes(db) -> None:
    settings = replace(
        get_settings(),
        jurisdiction_name="某市信访局",
        jurisdiction_timezone="Asia/Urumqi",
        holidays=(date(2027, 10, 1),),
    )
    await jurisdictions.ensure_default_jurisdiction(settings, NOW)
    created = await jurisdictions.get_jurisdiction(None)
    assert (created.id, created.name, created.timezone, created.holidays) == (
        DEFAULT_JURISDICTION_ID,
        "某市信访局",
        "Asia/Urumqi",
        (date(2027, 10, 1),),
    )
    assert created.rules == JurisdictionRules()

    await jurisdictions.update_jurisdiction(
        ADMIN, DEFAULT_JURISDICTION_ID, {"rules": {"accept_days": 10}}
    )
    await jurisdictions.ensure_default_jurisdiction(settings, NOW)
    [only] = await jurisdictions.list_jurisdictions(COORDINATOR)
    assert only.rules.accept_days == 10 and only.rules.handle_days == 60


async def test_a_case_without_a_jurisdiction_has_the_defaults_rules(db) -> None:
    await jurisdictions.ensure_default_jurisdiction(get_settings(), NOW)
    await jurisdictions.update_jurisdiction(
        ADMIN, DEFAULT_JURISDICTION_ID, {"rules": {"public_hearing_notice_days": 10}}
    )
    case = await cases.create_case(NewCase("XF-1", "甲"), NOW)
    assert (await jurisdictions.rules_for_case(case.id)).public_hearing_notice_days == 10
    assert (await jurisdictions.rules_for_cases([case.id]))[
        case.id
    ].public_hearing_notice_days == 10


async def test_rules_of_many_cases_follow_each_cases_jurisdiction(db) -> None:
    strict = await jurisdictions.create_jurisdiction(
        ADMIN, NewJurisdiction("Strict", "Asia/Shanghai", rules={"panel_min": 5}), NOW
    )
    default_case = await cases.create_case(NewCase("XF-2", "甲"), NOW)
    strict_case = await cases.create_case(NewCase("XF-3", "乙", jurisdiction_id=strict.id), NOW)
    rules = await jurisdictions.rules_for_cases([default_case.id, strict_case.id])
    assert (rules[default_case.id].panel_min, rules[strict_case.id].panel_min) == (3, 5)


async def test_invalid_rules_are_refused_naming_the_field_and_nothing_changes(db) -> None:
    await jurisdictions.ensure_default_jurisdiction(get_settings(), NOW)
    with pytest.raises(RuleViolation) as caught:
        await jurisdictions.update_jurisdiction(
            ADMIN, DEFAULT_JURISDICTION_ID, {"rules": {"panel_min": 9}}
        )
    assert (caught.value.code, caught.value.field) == (
        "invalid_jurisdiction_setting",
        "rules.panel_min",
    )
    with pytest.raises(RuleViolation) as caught:
        await jurisdictions.create_jurisdiction(ADMIN, NewJurisdiction("Bad", "Nowhere/City"), NOW)
    assert (caught.value.code, caught.value.field) == ("unknown_timezone", "timezone")
    assert (await jurisdictions.get_jurisdiction(None)).rules.panel_min == 3


async def test_only_admins_change_jurisdictions_and_only_staff_read_them(db) -> None:
    new = NewJurisdiction("County", "Asia/Shanghai")
    with pytest.raises(Forbidden):
        await jurisdictions.create_jurisdiction(COORDINATOR, new, NOW)
    created = await jurisdictions.create_jurisdiction(ADMIN, new, NOW)
    with pytest.raises(Forbidden):
        await jurisdictions.update_jurisdiction(COORDINATOR, created.id, {"name": "x"})
    with pytest.raises(Forbidden):
        await jurisdictions.list_jurisdictions(PARTICIPANT)
    assert (await jurisdictions.get_jurisdiction_for(COORDINATOR, created.id)).name == "County"


async def test_an_unknown_jurisdiction_is_404(db) -> None:
    with pytest.raises(NotFound) as caught:
        await jurisdictions.update_jurisdiction(ADMIN, uuid4(), {"name": "x"})
    assert (caught.value.code, caught.value.field) == ("jurisdiction_not_found", "id")
