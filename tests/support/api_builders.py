"""More building blocks for API tests: participant logins, public hearings, bookings, answers,
slot searches, problems."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from core.access import Role, Viewer
from hearing.jurisdictions import service as jurisdictions
from parties.accounts import service as accounts
from tests.conftest import PASSWORD, login
from tests.support.flow import mediation_setup, next_weekday_at, post_ok

PROBLEM_MEDIA_TYPE = "application/problem+json"


def assert_problem(response: Any, status: int, code: str, field: str | None = None) -> None:
    """``response`` is an RFC 9457 problem with this status, stable code and field at fault."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_MEDIA_TYPE), response.headers
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code, body
    assert body["type"] == f"urn:concord:problem:{code}"
    if field is None:
        assert "field" not in body, body
    else:
        assert body.get("field") == field, body


async def get_json(client: Any, path: str, headers: dict[str, str], **params: Any) -> Any:
    """The JSON body of a GET that must answer 200."""
    response = await client.get(path, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def participant_login(client: Any, person: dict[str, Any]) -> dict[str, str]:
    """Authorization headers of a participant account bound to ``person``."""
    await accounts.create_account(person["email"], PASSWORD, Role.PARTICIPANT, person["id"])
    return await login(client, person["email"])


async def create_person(
    client: Any, headers: dict[str, str], name: str, email: str, **extra: Any
) -> dict[str, Any]:
    person: dict[str, Any] = await post_ok(
        client, "/api/v1/people", headers, {"name": name, "email": email, **extra}
    )
    return person


async def book(
    client: Any, headers: dict[str, str], session_id: str, room_id: str, start: datetime
) -> Any:
    """POST a booking; returns the raw response so callers can assert success or a problem."""
    return await client.post(
        f"/api/v1/sessions/{session_id}/booking",
        json={"start": start.isoformat(), "room_id": room_id},
        headers=headers,
    )


async def reschedule(
    client: Any,
    headers: dict[str, str],
    session_id: str,
    start: datetime,
    room_id: str,
    reason: str,
) -> Any:
    """POST a reschedule that must succeed; returns the session at its new time."""
    body = {"start": start.isoformat(), "room_id": room_id, "reason": reason}
    return await post_ok(client, f"/api/v1/sessions/{session_id}/reschedule", headers, body, 200)


async def cancel(client: Any, headers: dict[str, str], session_id: str, reason: str) -> Any:
    """POST a cancellation that must succeed; returns the cancelled session."""
    return await post_ok(
        client, f"/api/v1/sessions/{session_id}/cancel", headers, {"reason": reason}, 200
    )


async def answer(
    client: Any,
    headers: dict[str, str],
    session_id: str,
    partstat: str,
    person_id: str | None = None,
) -> Any:
    """POST an RSVP that must succeed, for ``person_id`` or else for the caller's own person;
    returns the session with its participants' answers."""
    body = {"partstat": partstat}
    if person_id is not None:
        body["person_id"] = person_id
    return await post_ok(client, f"/api/v1/sessions/{session_id}/rsvp", headers, body, 200)


async def slot_search(
    client: Any,
    headers: dict[str, str],
    session_id: str | UUID,
    not_before: datetime,
    not_after: datetime,
    **options: Any,
) -> list[Any]:
    """The slots a search that must answer 200 offers within ``[not_before, not_after)``."""
    body = {"not_before": not_before.isoformat(), "not_after": not_after.isoformat(), **options}
    found = await post_ok(client, f"/api/v1/sessions/{session_id}/slot-search", headers, body, 200)
    slots: list[Any] = found["slots"]
    return slots


async def booked_mediation(
    client: Any, headers: dict[str, str], reference: str = "XF-1", start: datetime | None = None
) -> dict[str, Any]:
    """``mediation_setup`` with its session booked (by default ten days out at 09:00)."""
    setup = await mediation_setup(client, headers, reference)
    start = start or next_weekday_at(9)
    response = await book(client, headers, setup["session"]["id"], setup["room"]["id"], start)
    assert response.status_code == 201, response.text
    setup["session"] = response.json()
    setup["start"] = start
    return setup


async def draft_minutes(
    client: Any, headers: dict[str, str], reference: str = "XF-1"
) -> dict[str, Any]:
    """A booked mediation with draft minutes (nobody has signed yet)."""
    setup = await booked_mediation(client, headers, reference)
    setup["minutes"] = await post_ok(
        client, f"/api/v1/sessions/{setup['session']['id']}/minutes", headers, None
    )
    return setup


async def public_hearing_people(
    client: Any, headers: dict[str, str], tag: str, officers: int = 3
) -> dict[str, Any]:
    """A petitioner, a department representative, a presiding officer and hearing officers."""
    panel_org = await post_ok(
        client, "/api/v1/organizations", headers, {"name": f"听证员库 {tag}", "kind": "other"}
    )
    return {
        "petitioner": await create_person(client, headers, "张三", f"zhang.{tag}@example.cn"),
        "department": await create_person(client, headers, "王科长", f"wang.{tag}@example.gov.cn"),
        "presiding": await create_person(client, headers, "刘主持", f"liu.{tag}@example.cn"),
        "officers": [
            await create_person(
                client,
                headers,
                f"听证员 {index}",
                f"officer{index}.{tag}@example.cn",
                organization_id=panel_org["id"],
            )
            for index in range(officers)
        ],
    }


def public_hearing_body(case_id: str, people: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "public_hearing",
        "case_id": case_id,
        "title": "公开听证",
        "duration_minutes": 120,
        "participants": [
            {"person_id": people["petitioner"]["id"], "role": "petitioner"},
            {"person_id": people["department"]["id"], "role": "department"},
            {"person_id": people["presiding"]["id"], "role": "presiding_officer"},
            *[
                {"person_id": officer["id"], "role": "hearing_officer"}
                for officer in people["officers"]
            ],
        ],
    }


async def public_hearing_setup(
    client: Any, headers: dict[str, str], reference: str = "PH-1"
) -> dict[str, Any]:
    """A hearing room, a public case, its people and an unscheduled public hearing."""
    people = await public_hearing_people(client, headers, reference)
    room = await post_ok(
        client,
        "/api/v1/rooms",
        headers,
        {"name": "听证室", "capacity": 12, "public_seats": 20, "timezone": "Asia/Shanghai"},
    )
    case = await post_ok(
        client, "/api/v1/cases", headers, {"reference": reference, "title": "补偿争议"}
    )
    session = await post_ok(
        client, "/api/v1/sessions", headers, public_hearing_body(case["id"], people)
    )
    return {**people, "room": room, "case": case, "session": session}


async def mediation_with_optional_agent(
    client: Any, headers: dict[str, str], reference: str, agent_email: str
) -> dict[str, Any]:
    """``mediation_setup`` plus an agent; ``setup["session"]`` is a four-party mediation of the
    case in which the agent is the optional fourth participant."""
    setup = await mediation_setup(client, headers, reference)
    agent = await create_person(client, headers, "赵代理", agent_email)
    roles = {"petitioner": "petitioner", "department": "department", "mediator": "mediator"}
    participants = [{"person_id": setup[key]["id"], "role": role} for key, role in roles.items()]
    participants.append({"person_id": agent["id"], "role": "agent", "required": False})
    setup["agent"] = agent
    setup["session"] = await post_ok(
        client,
        "/api/v1/sessions",
        headers,
        {
            "kind": "mediation",
            "case_id": setup["case"]["id"],
            "title": "四方调解",
            "duration_minutes": 60,
            "participants": participants,
        },
    )
    return setup


async def open_records_days_ahead(days: int = 30) -> None:
    """Let the default jurisdiction open a session's record ``days`` before its start, so that
    a test can record a session it booked ahead (needs the app started: ``client``)."""
    admin = Viewer(uuid4(), "admin@test.example", Role.ADMIN, None)
    default = await jurisdictions.get_jurisdiction(None)
    await jurisdictions.update_jurisdiction(
        admin, default.id, {"rules": {"open_before_start_minutes": days * 24 * 60}}
    )


async def booked_public_hearing_api(
    client: Any,
    headers: dict[str, str],
    reference: str,
    *,
    public_seats: int = 1,
    agenda: tuple[str, ...] = ("补偿标准",),
) -> dict[str, Any]:
    """``public_hearing_setup`` with an agenda and its own room of ``public_seats``, booked
    ten days out at 10:00 (a phone and a summary make the personal data to keep private)."""
    people = await public_hearing_people(client, headers, reference)
    petitioner = people["petitioner"]["id"]
    response = await client.patch(
        f"/api/v1/people/{petitioner}", json={"phone": "13812345678"}, headers=headers
    )
    assert response.status_code == 200, response.text
    people["petitioner"] = response.json()
    room = await post_ok(
        client,
        "/api/v1/rooms",
        headers,
        {
            "name": "第一听证室",
            "capacity": 12,
            "public_seats": public_seats,
            "address": "人民路1号",
            "timezone": "Asia/Shanghai",
        },
    )
    case = await post_ok(
        client,
        "/api/v1/cases",
        headers,
        {"reference": reference, "title": "征收补偿争议", "summary": "张三家的房屋被征收"},
    )
    body = {**public_hearing_body(case["id"], people), "agenda": list(agenda)}
    session = await post_ok(client, "/api/v1/sessions", headers, body)
    start = next_weekday_at(10)
    response = await book(client, headers, session["id"], room["id"], start)
    assert response.status_code == 201, response.text
    return {**people, "room": room, "case": case, "session": response.json(), "start": start}
