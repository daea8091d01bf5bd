"""What a request body may hold: unknown fields, oversize lists, control characters and
implausible dates are refused with the field named, and nothing of a refused request is stored."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import pytest

from core.access import Role
from parties.accounts import service as accounts
from tests.conftest import PASSWORD, login
from tests.support.api_builders import assert_problem, create_person
from tests.support.flow import mediation_setup, next_weekday_at, post_ok

Ids = dict[str, str]


@dataclass(frozen=True)
class Refusal:
    path: str
    body: Callable[[Ids], dict[str, Any]]
    status: int
    code: str
    field: str
    #: A list that would have grown had the body been stored.
    stored_in: str | None = None
    method: str = "post"


def _session(ids: Ids, **changes: Any) -> dict[str, Any]:
    return {
        "kind": "mediation",
        "case_id": ids["case"],
        "title": "补偿争议调解",
        "duration_minutes": 60,
        "participants": [
            {"person_id": ids["person"], "role": "petitioner"},
            {"person_id": ids["department"], "role": "department"},
            {"person_id": ids["mediator"], "role": "mediator"},
        ],
        **changes,
    }


def _case(**changes: Any) -> dict[str, Any]:
    return {"reference": "XF-77", "title": "征地补偿", **changes}


def _busy(**changes: Any) -> dict[str, Any]:
    start = next_weekday_at(9)
    return {"start": start.isoformat(), "end": start.replace(hour=10).isoformat(), **changes}


def _hours(**changes: Any) -> dict[str, Any]:
    return {"timezone": "Asia/Shanghai", "weekly": {"mon": [["09:00", "12:00"]]}, **changes}


UNKNOWN_FIELDS = [
    Refusal(
        "/api/v1/organizations",
        lambda _: {"name": "信访局", "kind": "other", "active": False},
        400,
        "invalid_request",
        "active",
        "/api/v1/organizations",
    ),
    Refusal(
        "/api/v1/people",
        lambda _: {"name": "李四", "email": "li4@example.cn", "role": "admin"},
        400,
        "invalid_request",
        "role",
        "/api/v1/people",
    ),
    Refusal(
        "/api/v1/cases",
        lambda _: _case(secret=True),
        400,
        "invalid_request",
        "secret",
        "/api/v1/cases",
    ),
    Refusal(
        "/api/v1/sessions",
        lambda ids: _session(
            ids, participants=[{"person_id": ids["person"], "role": "petitioner", "vip": True}]
        ),
        400,
        "invalid_request",
        "participants[0].vip",
        "/api/v1/sessions",
    ),
    Refusal(
        "/api/v1/people/{person}/working-hours",
        lambda _: _hours(exceptions=[{"date": "2031-05-01", "hours": [], "note": "x"}]),
        400,
        "invalid_request",
        "exceptions[0].note",
        method="put",
    ),
]

OVERSIZE_LISTS = [
    Refusal(
        "/api/v1/sessions",
        lambda ids: _session(ids, agenda=[f"议题{n}" for n in range(51)]),
        400,
        "invalid_request",
        "agenda",
        "/api/v1/sessions",
    ),
    Refusal(
        "/api/v1/sessions",
        lambda ids: _session(
            ids, participants=[{"person_id": ids["person"], "role": "petitioner"}] * 201
        ),
        400,
        "invalid_request",
        "participants",
        "/api/v1/sessions",
    ),
    Refusal(
        "/api/v1/rooms",
        lambda _: {"name": "调解室", "capacity": 6, "features": [f"f{n}" for n in range(31)]},
        400,
        "invalid_request",
        "features",
        "/api/v1/rooms",
    ),
    Refusal(
        "/api/v1/people/{person}/working-hours",
        lambda _: _hours(exceptions=[{"date": "2031-05-01", "hours": []}] * 401),
        400,
        "invalid_request",
        "exceptions",
        method="put",
    ),
]

CONTROL_CHARACTERS = [
    Refusal(
        "/api/v1/organizations",
        lambda _: {"name": "信访局\r\nBcc: all@example.cn", "kind": "other"},
        422,
        "control_characters",
        "name",
        "/api/v1/organizations",
    ),
    Refusal(
        "/api/v1/people",
        lambda _: {"name": "李四\n", "email": "li@example.cn"},
        422,
        "control_characters",
        "name",
        "/api/v1/people",
    ),
    Refusal(
        "/api/v1/people",
        lambda _: {"name": "李四", "email": "li@example.cn\r\nBcc: x@example.cn"},
        422,
        "control_characters",
        "email",
        "/api/v1/people",
    ),
    Refusal(
        "/api/v1/cases",
        lambda _: _case(title="征地\u2028补偿"),
        422,
        "control_characters",
        "title",
        "/api/v1/cases",
    ),
    Refusal(
        "/api/v1/cases",
        lambda _: _case(summary="第一行\n第二行\x00"),
        422,
        "control_characters",
        "summary",
        "/api/v1/cases",
    ),
    Refusal(
        "/api/v1/sessions",
        lambda ids: _session(ids, title="调解\rSUMMARY:假"),
        422,
        "control_characters",
        "title",
        "/api/v1/sessions",
    ),
    Refusal(
        "/api/v1/sessions",
        lambda ids: _session(ids, agenda=["补偿标准", "安置\nATTENDEE:mailto:x@example.cn"]),
        422,
        "control_characters",
        "agenda[1]",
        "/api/v1/sessions",
    ),
    Refusal(
        "/api/v1/rooms",
        lambda _: {"name": "调解室", "capacity": 6, "address": "人民路\t1号"},
        422,
        "control_characters",
        "address",
        "/api/v1/rooms",
    ),
    Refusal(
        "/api/v1/people/{person}/busy",
        lambda _: _busy(label="出差\x00"),
        422,
        "control_characters",
        "label",
    ),
    Refusal(
        "/api/v1/people/{person}/conflicts",
        lambda ids: {"case_id": ids["case"], "reason": "亲属\x07"},
        422,
        "control_characters",
        "reason",
    ),
]

IMPLAUSIBLE_DATES = [
    Refusal(
        "/api/v1/people/{person}/busy",
        lambda _: _busy(start="0001-01-01T00:00:00+00:00"),
        422,
        "implausible_date",
        "start",
    ),
    Refusal(
        "/api/v1/people/{person}/busy",
        lambda _: _busy(end="9999-12-31T23:59:59+08:00"),
        422,
        "implausible_date",
        "end",
    ),
    Refusal(
        "/api/v1/people/{person}/busy",
        lambda _: _busy(start=0),
        400,
        "invalid_request",
        "start",
    ),
    Refusal(
        "/api/v1/people/{person}/busy",
        lambda _: _busy(end=1_900_000_000),
        400,
        "invalid_request",
        "end",
    ),
    Refusal(
        "/api/v1/cases",
        lambda _: _case(registered_on="1900-01-01"),
        422,
        "implausible_date",
        "registered_on",
        "/api/v1/cases",
    ),
    Refusal(
        "/api/v1/people/{person}/working-hours",
        lambda _: _hours(exceptions=[{"date": "2031-05-01"}, {"date": "9999-01-01"}]),
        422,
        "implausible_date",
        "exceptions[1].date",
        method="put",
    ),
    Refusal(
        "/api/v1/sessions/{session}/slot-search",
        lambda _: {"not_before": "0001-01-01T00:00:00Z", "not_after": "2031-01-01T00:00:00Z"},
        422,
        "implausible_date",
        "not_before",
    ),
]


@pytest.fixture
async def ids(client, coordinator) -> Ids:
    setup = await mediation_setup(client, coordinator)
    return {
        "person": setup["petitioner"]["id"],
        "department": setup["department"]["id"],
        "mediator": setup["mediator"]["id"],
        "case": setup["case"]["id"],
        "session": setup["session"]["id"],
    }


async def _total(client: Any, headers: dict[str, str], path: str) -> int:
    response = await client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    total: int = response.json()["total"]
    return total


@pytest.mark.parametrize(
    "refusal",
    UNKNOWN_FIELDS + OVERSIZE_LISTS + CONTROL_CHARACTERS + IMPLAUSIBLE_DATES,
    ids=lambda refusal: f"{refusal.path.rsplit('/', 1)[-1]}:{refusal.code}:{refusal.field}",
)
async def test_a_refused_body_names_its_field_and_stores_nothing(
    client, coordinator, ids, refusal: Refusal
) -> None:
    before = await _total(client, coordinator, refusal.stored_in) if refusal.stored_in else None
    send = getattr(client, refusal.method)
    response = await send(refusal.path.format(**ids), json=refusal.body(ids), headers=coordinator)
    assert_problem(response, refusal.status, refusal.code, refusal.field)
    if refusal.stored_in:
        assert await _total(client, coordinator, refusal.stored_in) == before


async def test_what_a_refused_update_would_change_is_left_as_it_was(client, coordinator) -> None:
    org = await post_ok(
        client, "/api/v1/organizations", coordinator, {"name": "甲", "kind": "other"}
    )
    for body, status, field in (
        ({"name": "乙", "parent": None}, 400, "parent"),
        ({"name": "乙\r\n"}, 422, "name"),
    ):
        response = await client.patch(
            f"/api/v1/organizations/{org['id']}", json=body, headers=coordinator
        )
        assert response.status_code == status, response.text
        assert response.json()["field"] == field
    unchanged = await client.get(f"/api/v1/organizations/{org['id']}", headers=coordinator)
    assert unchanged.json()["name"] == "甲"


async def test_an_unknown_field_on_an_account_is_refused_not_ignored(client) -> None:
    await accounts.create_account("admin@test.example", PASSWORD, Role.ADMIN)
    admin = await login(client, "admin@test.example")
    response = await client.post(
        "/api/v1/auth/accounts",
        json={
            "email": "new@test.example",
            "password": PASSWORD,
            "role": "coordinator",
            "active": False,
        },
        headers=admin,
    )
    assert_problem(response, 400, "invalid_request", "active")
    refused_login = await client.post(
        "/api/v1/auth/token", json={"email": "new@test.example", "password": PASSWORD}
    )
    assert refused_login.status_code == 401


async def test_a_multi_line_text_keeps_its_line_breaks_and_tabs(client, coordinator) -> None:
    summary = "第一行\n\t第二行\r\n第三行"
    case = await post_ok(
        client, "/api/v1/cases", coordinator, _case(summary=summary, registered_on="2031-01-02")
    )
    assert case["summary"] == summary


async def test_dates_at_the_edges_of_the_plausible_years_are_accepted(client, coordinator) -> None:
    for reference, day in (("XF-2000", "2000-01-01"), ("XF-2100", "2100-12-31")):
        case = await post_ok(
            client, "/api/v1/cases", coordinator, _case(reference=reference, registered_on=day)
        )
        assert case["registered_on"] == day


LISTS = [
    "/api/v1/people",
    "/api/v1/organizations",
    "/api/v1/rooms",
    "/api/v1/cases",
    "/api/v1/sessions",
    "/api/v1/action-items",
    "/api/v1/outbox",
]


@pytest.mark.parametrize("path", LISTS)
async def test_every_list_refuses_offsets_and_limits_out_of_range(
    client, coordinator, path: str
) -> None:
    for name, value in (
        ("offset", 2**63),
        ("offset", 2**64 + 5),
        ("offset", -1),
        ("limit", 2**63),
        ("limit", -1),
        ("limit", 0),
    ):
        response = await client.get(path, params={name: value}, headers=coordinator)
        assert_problem(response, 400, "invalid_request", name)
    response = await client.get(path, params={"offset": 1_000_000_000}, headers=coordinator)
    assert response.status_code == 200, response.text
    assert response.json()["items"] == []


async def test_an_unknown_investigator_is_422_naming_the_field(client, coordinator) -> None:
    response = await client.post(
        "/api/v1/cases", json=_case(investigator_id=str(uuid4())), headers=coordinator
    )
    assert_problem(response, 422, "investigator_not_found", "investigator_id")
    assert await _total(client, coordinator, "/api/v1/cases") == 0
    case = await post_ok(client, "/api/v1/cases", coordinator, _case())
    response = await client.patch(
        f"/api/v1/cases/{case['id']}", json={"investigator_id": str(uuid4())}, headers=coordinator
    )
    assert_problem(response, 422, "investigator_not_found", "investigator_id")
    person = await create_person(client, coordinator, "调查员", "inv@example.cn")
    response = await client.patch(
        f"/api/v1/cases/{case['id']}", json={"investigator_id": person["id"]}, headers=coordinator
    )
    assert response.status_code == 200, response.text
    assert response.json()["investigator_id"] == person["id"]
