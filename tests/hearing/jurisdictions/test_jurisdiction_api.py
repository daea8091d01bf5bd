"""Jurisdictions over HTTP: staff read, admins write, invalid rules are 422 naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from core.access import Role
from hearing.jurisdictions.service import DEFAULT_JURISDICTION_ID
from parties.accounts import service as accounts
from tests.conftest import PASSWORD, login
from tests.hearing.jurisdictions.designed_rules import DESIGNED_RULES
from tests.support.api_builders import assert_problem, book, participant_login, public_hearing_setup
from tests.support.flow import next_weekday_at, post_ok

DEFAULT_PATH = f"/api/v1/jurisdictions/{DEFAULT_JURISDICTION_ID}"


@pytest.fixture
async def admin(client: Any) -> dict[str, str]:
    await accounts.create_account("admin@test.example", PASSWORD, Role.ADMIN)
    return await login(client, "admin@test.example")


async def test_the_default_jurisdiction_exists_from_the_start_with_designs_rules(
    client, coordinator
) -> None:
    response = await client.get("/api/v1/jurisdictions", headers=coordinator)
    assert response.status_code == 200, response.text
    [default] = response.json()["items"]
    assert default["id"] == str(DEFAULT_JURISDICTION_ID)
    assert default["timezone"] == "Asia/Shanghai" and default["holidays"] == []
    assert default["rules"] == DESIGNED_RULES
    case = await post_ok(client, "/api/v1/cases", coordinator, {"reference": "XF-1", "title": "甲"})
    assert case["jurisdiction_id"] == str(DEFAULT_JURISDICTION_ID)


async def test_an_admin_creates_and_patches_a_jurisdiction(client, admin, coordinator) -> None:
    created = await post_ok(
        client,
        "/api/v1/jurisdictions",
        admin,
        {
            "name": "某县信访局",
            "timezone": "Asia/Urumqi",
            "holidays": ["2027-10-02", "2027-10-01"],
            "rules": {"panel_min": 5, "followup_grace_days": 2},
        },
    )
    assert created["holidays"] == ["2027-10-01", "2027-10-02"]
    assert (created["rules"]["panel_min"], created["rules"]["panel_max"]) == (5, 7)
    path = f"/api/v1/jurisdictions/{created['id']}"

    response = await client.patch(
        path, json={"name": "某县", "rules": {"panel_max": 9}}, headers=admin
    )
    assert response.status_code == 200, response.text
    patched = response.json()
    assert patched["name"] == "某县" and patched["timezone"] == "Asia/Urumqi"
    assert (patched["rules"]["panel_min"], patched["rules"]["panel_max"]) == (5, 9)
    assert patched["rules"]["followup_grace_days"] == 2
    fetched = await client.get(path, headers=coordinator)
    assert fetched.json() == patched


async def test_invalid_rule_values_are_422_naming_the_field(client, admin) -> None:
    for rules, field in (
        ({"panel_min": 7, "panel_max": 5}, "rules.panel_min"),
        ({"accept_days": -1}, "rules.accept_days"),
        ({"open_before_start_minutes": -30}, "rules.open_before_start_minutes"),
    ):
        response = await client.patch(DEFAULT_PATH, json={"rules": rules}, headers=admin)
        assert_problem(response, 422, "invalid_jurisdiction_setting", field)
        response = await client.post(
            "/api/v1/jurisdictions", json={"name": "x", "rules": rules}, headers=admin
        )
        assert_problem(response, 422, "invalid_jurisdiction_setting", field)
    response = await client.patch(DEFAULT_PATH, json={"timezone": "Nowhere/City"}, headers=admin)
    assert_problem(response, 422, "unknown_timezone", "timezone")
    unchanged = (await client.get(DEFAULT_PATH, headers=admin)).json()
    assert unchanged["rules"]["panel_min"] == 3 and unchanged["timezone"] == "Asia/Shanghai"


async def test_coordinators_only_read_and_participants_not_even_that(
    client, admin, coordinator
) -> None:
    response = await client.post("/api/v1/jurisdictions", json={"name": "x"}, headers=coordinator)
    assert_problem(response, 403, "role_not_allowed")
    response = await client.patch(DEFAULT_PATH, json={"name": "x"}, headers=coordinator)
    assert_problem(response, 403, "role_not_allowed")
    person = await post_ok(
        client, "/api/v1/people", coordinator, {"name": "张三", "email": "z@example.cn"}
    )
    participant = await participant_login(client, person)
    response = await client.get("/api/v1/jurisdictions", headers=participant)
    assert_problem(response, 403, "role_not_allowed")


async def test_unknown_jurisdiction_is_404(client, admin) -> None:
    path = "/api/v1/jurisdictions/00000000-0000-0000-0000-000000000bad"
    assert_problem(await client.get(path, headers=admin), 404, "jurisdiction_not_found", "id")
    response = await client.post(
        "/api/v1/cases",
        json={"reference": "XF-1", "title": "甲", "jurisdiction_id": path.rsplit("/", 1)[1]},
        headers=admin,
    )
    assert_problem(response, 404, "jurisdiction_not_found", "jurisdiction_id")


async def test_booking_notice_follows_the_cases_jurisdiction(client, admin, coordinator) -> None:
    setup = await public_hearing_setup(client, coordinator)
    eight_days_out = next_weekday_at(10, days_ahead=8)
    response = await client.patch(
        DEFAULT_PATH, json={"rules": {"public_hearing_notice_days": 14}}, headers=admin
    )
    assert response.status_code == 200, response.text

    response = await book(
        client, coordinator, setup["session"]["id"], setup["room"]["id"], eight_days_out
    )
    assert_problem(response, 422, "notice_too_short", "start")
    assert "14 days" in response.json()["detail"]


async def test_the_document_number_pattern_is_set_read_and_validated(client, admin) -> None:
    default = (await client.get(DEFAULT_PATH, headers=admin)).json()
    assert default["document_number_pattern"] == "〔{year}〕第{number:04d}号"
    created = await post_ok(
        client,
        "/api/v1/jurisdictions",
        admin,
        {"name": "某县信访局", "document_number_pattern": "某信调〔{year}〕{number:03d}号"},
    )
    assert created["document_number_pattern"] == "某信调〔{year}〕{number:03d}号"
    path = f"/api/v1/jurisdictions/{created['id']}"

    for bad in ("〔{year}〕号", "{number.real}", "{number:{year}}", ""):
        response = await client.patch(path, json={"document_number_pattern": bad}, headers=admin)
        assert_problem(response, 422, "invalid_document_number_pattern", "document_number_pattern")
        response = await client.post(
            "/api/v1/jurisdictions",
            json={"name": "x", "document_number_pattern": bad},
            headers=admin,
        )
        assert_problem(response, 422, "invalid_document_number_pattern", "document_number_pattern")
    unchanged = (await client.get(path, headers=admin)).json()
    assert unchanged["document_number_pattern"] == "某信调〔{year}〕{number:03d}号"

    response = await client.patch(
        path, json={"document_number_pattern": "{year}-{number}"}, headers=admin
    )
    assert response.status_code == 200, response.text
    assert response.json()["document_number_pattern"] == "{year}-{number}"


async def test_records_may_open_a_month_ahead_as_the_readme_walk_through_sets_them(
    client, admin
) -> None:
    response = await client.patch(
        f"/api/v1/jurisdictions/{DEFAULT_JURISDICTION_ID}",
        json={"rules": {"open_before_start_minutes": 43200}},
        headers=admin,
    )
    assert response.status_code == 200, response.text
    assert response.json()["rules"]["open_before_start_minutes"] == 43200
