"""Building blocks for API tests: create the things the walk-through needs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai_today(days_ahead: int = 0) -> date:
    """The jurisdiction's date, which the services use: after 16:00 UTC it is already tomorrow."""
    return (datetime.now(SHANGHAI) + timedelta(days=days_ahead)).date()


def next_weekday_at(hour: int, minute: int = 0, days_ahead: int = 10) -> datetime:
    """A weekday at least ``days_ahead`` days from now, at a local Shanghai office time."""
    day = shanghai_today(days_ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


async def post_ok(
    client: Any, path: str, headers: dict[str, str], body: Any, status: int = 201
) -> Any:
    response = await client.post(path, json=body, headers=headers)
    assert response.status_code == status, response.text
    return response.json()


async def mediation_setup(
    client: Any, headers: dict[str, str], reference: str = "XF-1"
) -> dict[str, Any]:
    """An organisation, three people, a room, a case and a mediation session."""
    parties = await mediation_parties(client, headers, reference)
    room = await post_ok(
        client,
        "/api/v1/rooms",
        headers,
        {"name": "调解室", "capacity": 6, "address": "人民路1号", "timezone": "Asia/Shanghai"},
    )
    case = await post_ok(
        client, "/api/v1/cases", headers, {"reference": reference, "title": "拆迁补偿争议"}
    )
    session = await post_ok(
        client,
        "/api/v1/sessions",
        headers,
        {
            "kind": "mediation",
            "case_id": case["id"],
            "title": "补偿争议调解",
            "duration_minutes": 90,
            "agenda": ["补偿标准"],
            "participants": [
                {"person_id": parties["petitioner"]["id"], "role": "petitioner", "required": True},
                {"person_id": parties["department"]["id"], "role": "department", "required": True},
                {"person_id": parties["mediator"]["id"], "role": "mediator", "required": True},
            ],
        },
    )
    return {**parties, "room": room, "case": case, "session": session}


async def mediation_parties(client: Any, headers: dict[str, str], reference: str) -> dict[str, Any]:
    """The department's organisation and the three people of a mediation: petitioner,
    department (of that organisation) and mediator (of a mediation centre)."""
    department_org = await post_ok(
        client,
        "/api/v1/organizations",
        headers,
        {"name": "住建局", "kind": "government_department"},
    )
    mediation_org = await post_ok(
        client, "/api/v1/organizations", headers, {"name": "调解中心", "kind": "mediation_body"}
    )
    petitioner = await post_ok(
        client,
        "/api/v1/people",
        headers,
        {"name": "张三", "email": f"zhang.{reference}@example.cn"},
    )
    department = await post_ok(
        client,
        "/api/v1/people",
        headers,
        {
            "name": "王科长",
            "email": f"wang.{reference}@example.gov.cn",
            "organization_id": department_org["id"],
        },
    )
    mediator = await post_ok(
        client,
        "/api/v1/people",
        headers,
        {
            "name": "Li, Wei",
            "email": f"li.{reference}@example.cn",
            "locale": "en",
            "organization_id": mediation_org["id"],
        },
    )
    return {
        "department_org": department_org,
        "petitioner": petitioner,
        "department": department,
        "mediator": mediator,
    }


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)
