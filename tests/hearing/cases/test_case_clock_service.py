"""The case clock through the services: accept, extend, close, and the light filter in SQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from core.access import Role, Viewer
from core.errors import Conflict, Forbidden, NotFound, RuleViolation
from core.settings import get_settings
from hearing.cases import service as cases
from hearing.cases.clock import Light
from hearing.cases.service import CaseFilter, NewCase
from hearing.jurisdictions import service as jurisdictions
from hearing.jurisdictions.service import DEFAULT_JURISDICTION_ID, NewJurisdiction

ADMIN = Viewer(uuid4(), "admin@test.example", Role.ADMIN, None)
PARTICIPANT = Viewer(uuid4(), "p@test.example", Role.PARTICIPANT, uuid4())
#: 07:30 on 5 January in Shanghai, still 4 January in UTC.
NOW = datetime(2027, 1, 4, 23, 30, tzinfo=UTC)
SHANGHAI_TODAY = date(2027, 1, 5)


async def accepted_case(reference: str, accepted_days_ago: int) -> cases.CaseView:
    """A case accepted on the day it was registered, ``accepted_days_ago`` Shanghai days ago."""
    accepted_on = SHANGHAI_TODAY - timedelta(days=accepted_days_ago)
    new = NewCase(reference, "甲", registered_on=accepted_on, accepted_on=accepted_on)
    return await cases.create_case(new, NOW)


async def test_a_case_registered_at_2330_utc_counts_from_the_shanghai_date(db) -> None:
    case = await cases.create_case(NewCase("XF-1", "甲"), NOW)
    assert case.registered_on == SHANGHAI_TODAY
    assert case.acceptance_deadline == date(2027, 1, 20)
    # 15:30 UTC on 20 January is 23:30 that day in Shanghai; 16:30 UTC is already the 21st.
    last_hour = datetime(2027, 1, 20, 15, 30, tzinfo=UTC)
    late = last_hour + timedelta(hours=1)
    assert (await cases.case_for(ADMIN, case.id, last_hour)).light == "green"
    assert (await cases.case_for(ADMIN, case.id, late)).light == "red"


async def test_accept_extend_and_close_move_the_clock_and_are_audited(db) -> None:
    case = await cases.create_case(NewCase("XF-2", "甲", registered_on=date(2027, 1, 2)), NOW)
    accepted = await cases.accept_case(ADMIN, case.id, date(2027, 1, 3), NOW)
    assert (accepted.handling_deadline, accepted.light) == (date(2027, 3, 4), Light.GREEN)
    extended = await cases.extend_case(ADMIN, case.id, 20, " 待鉴定 ", NOW)
    assert (extended.extended_until, extended.extension_reason) == (date(2027, 3, 24), "待鉴定")
    assert extended.handling_deadline == date(2027, 3, 4)
    closed = await cases.close_case(ADMIN, case.id, date(2027, 2, 1), "已答复", NOW)
    assert (closed.closed_on, closed.reply_summary, closed.light) == (
        date(2027, 2, 1),
        "已答复",
        Light.CLOSED,
    )
    assert await cases.get_case(case.id) == cases.CaseView(
        **{k: v for k, v in vars(closed).items() if k not in ("light", "reviews")}
    )


async def test_clock_rules_are_refused_with_their_codes(db) -> None:
    case = await cases.create_case(NewCase("XF-3", "甲", registered_on=date(2027, 1, 2)), NOW)
    with pytest.raises(RuleViolation) as early:
        await cases.accept_case(ADMIN, case.id, date(2027, 1, 1), NOW)
    assert (early.value.code, early.value.field) == ("accepted_before_registration", "accepted_on")
    await cases.accept_case(ADMIN, case.id, date(2027, 1, 2), NOW)
    with pytest.raises(RuleViolation) as too_long:
        await cases.extend_case(ADMIN, case.id, 31, "复杂", NOW)
    assert too_long.value.code == "extension_too_long"
    with pytest.raises(RuleViolation) as no_reason:
        await cases.extend_case(ADMIN, case.id, 10, "", NOW)
    assert no_reason.value.code == "reason_required"
    await cases.extend_case(ADMIN, case.id, 30, "复杂", NOW)
    with pytest.raises(Conflict) as twice:
        await cases.extend_case(ADMIN, case.id, 1, "再延", NOW)
    assert twice.value.code == "extension_already_granted"


async def test_a_rule_change_governs_later_clocks_not_the_running_ones(db) -> None:
    await jurisdictions.ensure_default_jurisdiction(get_settings(), NOW)
    running = await accepted_case("XF-4", 50)
    await jurisdictions.update_jurisdiction(
        ADMIN, DEFAULT_JURISDICTION_ID, {"rules": {"handle_days": 40, "amber_from_day": 30}}
    )
    later = await accepted_case("XF-5", 35)
    assert (await cases.case_for(ADMIN, running.id, NOW)).light == "amber"
    assert (await cases.case_for(ADMIN, later.id, NOW)).light == "amber"
    assert later.handling_deadline == SHANGHAI_TODAY + timedelta(days=5)


async def test_the_light_filter_matches_each_cases_own_light_on_a_page(db) -> None:
    ages = {"A-44": 44, "A-45": 45, "A-59": 59, "A-60": 60, "A-0": 0}
    for reference, age in ages.items():
        await accepted_case(reference, age)
    await cases.create_case(NewCase("P-15", "甲", registered_on=date(2026, 12, 21)), NOW)
    await cases.create_case(NewCase("P-16", "甲", registered_on=date(2026, 12, 20)), NOW)
    extended = await accepted_case("E-61", 61)
    await cases.extend_case(ADMIN, extended.id, 10, "待鉴定", NOW)
    closed = await accepted_case("C-70", 70)
    await cases.close_case(ADMIN, closed.id, SHANGHAI_TODAY, "已答复", NOW)

    expected = {
        "green": ["A-0", "A-44", "P-15"],
        "amber": ["A-45", "A-59", "E-61"],
        "red": ["A-60", "P-16"],
        "closed": ["C-70"],
    }
    everything, _ = await cases.list_cases(ADMIN, 50, 0, CaseFilter(), NOW)
    assert sorted(c.reference for c in everything if c.light == "red") == expected["red"]
    for light, references in expected.items():
        found, total = await cases.list_cases(ADMIN, 2, 0, CaseFilter(light=Light(light)), NOW)
        assert total == len(references)
        assert [c.reference for c in found] == sorted(references)[:2]
        assert {c.light for c in found} == {light}


async def test_the_light_filter_uses_each_jurisdictions_local_date(db) -> None:
    london = await jurisdictions.create_jurisdiction(
        ADMIN, NewJurisdiction("London office", "Europe/London"), NOW
    )
    # Registered 15 days before 4 January: on time in London (4 Jan), late in Shanghai (5 Jan).
    registered_on = date(2026, 12, 20)
    await cases.create_case(
        NewCase("L-1", "甲", registered_on=registered_on, jurisdiction_id=london.id), NOW
    )
    await cases.create_case(NewCase("S-1", "甲", registered_on=registered_on), NOW)
    red, _ = await cases.list_cases(ADMIN, 10, 0, CaseFilter(light=Light.RED), NOW)
    green, _ = await cases.list_cases(ADMIN, 10, 0, CaseFilter(light=Light.GREEN), NOW)
    assert ([c.reference for c in red], [c.reference for c in green]) == (["S-1"], ["L-1"])


async def test_a_participant_finds_no_case(db) -> None:
    case = await cases.create_case(NewCase("XF-6", "甲"), NOW)
    for attempt in (
        cases.case_for(PARTICIPANT, case.id, NOW),
        cases.accept_case(PARTICIPANT, case.id, SHANGHAI_TODAY, NOW),
        cases.close_case(PARTICIPANT, case.id, SHANGHAI_TODAY, "答复", NOW),
        cases.change_case(PARTICIPANT, case.id, {"title": "改"}, NOW),
        cases.delete_case(PARTICIPANT, case.id),
    ):
        with pytest.raises(NotFound) as caught:
            await attempt
        assert caught.value.code == "case_not_found"
    assert await cases.list_cases(PARTICIPANT, 10, 0, CaseFilter(), NOW) == ([], 0)
    unchanged = await cases.get_case(case.id)
    assert (unchanged.accepted_on, unchanged.title) == (None, "甲")


async def test_a_participant_cannot_register_a_case(db) -> None:
    with pytest.raises(Forbidden) as caught:
        await cases.register_case(PARTICIPANT, NewCase("XF-7", "甲"), NOW)
    assert caught.value.code == "role_not_allowed"
    assert await cases.list_cases(ADMIN, 10, 0, CaseFilter(), NOW) == ([], 0)


async def test_the_sql_light_filter_agrees_with_the_clock_on_every_boundary(db) -> None:
    # Pending cases around their acceptance deadline; accepted ones around amber, red and the
    # end of a 15-day extension: the filter must find exactly the cases status_light names.
    for age in (14, 15, 16):
        registered_on = SHANGHAI_TODAY - timedelta(days=age)
        await cases.create_case(NewCase(f"P-{age}", "甲", registered_on=registered_on), NOW)
    for age in (44, 45, 59, 60, 61, 74, 75, 76):
        await accepted_case(f"A-{age}", age)
        extended = await accepted_case(f"E-{age}", age)
        await cases.extend_case(ADMIN, extended.id, 15, "待鉴定", NOW)
    closed = await accepted_case("C-90", 90)
    await cases.close_case(ADMIN, closed.id, SHANGHAI_TODAY, "已答复", NOW)
    everything, total = await cases.list_cases(ADMIN, 100, 0, CaseFilter(), NOW)
    assert total == 20
    for light in Light:
        found, _ = await cases.list_cases(ADMIN, 100, 0, CaseFilter(light=light), NOW)
        expected = sorted(c.reference for c in everything if c.light is light)
        assert [c.reference for c in found] == expected, light
    assert {c.light for c in everything} == set(Light)


async def test_of_simultaneous_extensions_exactly_one_is_granted(db) -> None:
    case = await accepted_case("XF-8", 50)
    outcomes = await asyncio.gather(
        *[cases.extend_case(ADMIN, case.id, days, "待鉴定", NOW) for days in (5, 10, 15, 20)],
        return_exceptions=True,
    )
    granted = [o for o in outcomes if not isinstance(o, BaseException)]
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert (len(granted), len(refused)) == (1, 3), outcomes
    assert {o.code for o in refused} == {"extension_already_granted"}
    stored = await cases.get_case(case.id)
    assert stored.extended_until == granted[0].extended_until
