"""People, rooms and sessions built through the services, for service tests and the demo data.

API tests build theirs over HTTP instead (``flow`` and ``api_builders``), so that they read back
what a client sees. ``concord demo`` imports this module: it uses no test tooling.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from hearing.cases import service as cases
from hearing.sessions import service as hearing
from hearing.sessions.views import ParticipantRequest, SessionView
from parties.people import service as parties
from scheduling.booking import service as booking
from scheduling.rooms import service as rooms
from tests.support.flow import next_weekday_at


async def person(
    name: str, email: str, organization_id: UUID | None = None, locale: str = "zh-CN"
) -> UUID:
    """A person in the default time zone; returns their id."""
    created = await parties.create_person(
        {"name": name, "email": email, "organization_id": organization_id, "locale": locale}
    )
    return created.id


async def mediation(
    case_id: UUID,
    petitioner: UUID,
    department: UUID,
    mediator: UUID,
    *,
    title: str = "调解",
    duration_minutes: int = 60,
    agenda: Sequence[str] = (),
    now: datetime | None = None,
) -> SessionView:
    """An unscheduled three-party mediation of the case; all three are required."""
    return await hearing.create_session(
        kind="mediation",
        case_id=case_id,
        title=title,
        duration_minutes=duration_minutes,
        locale="zh-CN",
        participants=[
            ParticipantRequest(petitioner, "petitioner"),
            ParticipantRequest(department, "department"),
            ParticipantRequest(mediator, "mediator"),
        ],
        agenda=list(agenda),
        now=now or datetime.now(UTC),
    )


async def mediation_session(
    suffix: str, mediator: UUID | None = None, agenda: Sequence[str] = ()
) -> tuple[SessionView, UUID]:
    """A mediation of a case of its own (``XF-{suffix}``); pass ``mediator`` to share one."""
    petitioner = await person("张三", f"p{suffix}@x.cn")
    department = await person("王", f"d{suffix}@x.cn")
    if mediator is None:
        mediator = await person("郑", f"m{suffix}@x.cn")
    case = await cases.create_case(
        cases.NewCase(reference=f"XF-{suffix}", title="t"), datetime.now(UTC)
    )
    return await mediation(case.id, petitioner, department, mediator, agenda=agenda), mediator


async def make_room(name: str, features: list[str] | None = None) -> Any:
    room = await rooms.create_room(
        {"name": name, "capacity": 6, "timezone": "Asia/Shanghai", "features": features or []}
    )
    return room.id


async def public_hearing_session(suffix: str, officers: int = 3) -> SessionView:
    """An unscheduled public hearing (in English) of a case of its own (``PH-{suffix}``) with a
    petitioner, a department, a presiding officer and ``officers`` hearing officers; its agenda
    is one item, 补偿标准."""
    case = await cases.create_case(
        cases.NewCase(reference=f"PH-{suffix}", title="t"), datetime.now(UTC)
    )
    people = [
        ParticipantRequest(await person("张三", f"p{suffix}@x.cn"), "petitioner"),
        ParticipantRequest(await person("王", f"d{suffix}@x.cn"), "department"),
        ParticipantRequest(await person("刘", f"c{suffix}@x.cn"), "presiding_officer"),
    ] + [
        ParticipantRequest(await person(f"听证员{n}", f"o{n}{suffix}@x.cn"), "hearing_officer")
        for n in range(officers)
    ]
    return await hearing.create_session(
        "public_hearing", case.id, "听证", 60, "en", people, ["补偿标准"], datetime.now(UTC)
    )


async def booked_public_hearing(
    suffix: str,
    *,
    public_seats: int = 2,
    agenda: Sequence[str] = ("补偿标准", "安置方式"),
    book: bool = True,
) -> tuple[SessionView, datetime]:
    """A public hearing of an open case (``PH-{suffix}``) and its start, booked with ten days'
    notice (unless ``book`` is false) in a room with ``public_seats``. A petitioner, a
    department representative, a presiding officer and three hearing officers take part."""
    people = [
        await person(name, f"{tag}{suffix}@x.cn")
        for name, tag in (("张三", "p"), ("王科长", "d"), ("刘主持", "c"))
    ]
    officers = [await person(f"听证员{n}", f"o{n}{suffix}@x.cn") for n in range(3)]
    case = await cases.create_case(
        cases.NewCase(reference=f"PH-{suffix}", title="补偿争议", summary="张三家的房屋"),
        datetime.now(UTC),
    )
    roles = ("petitioner", "department", "presiding_officer")
    session = await hearing.create_session(
        kind="public_hearing",
        case_id=case.id,
        title="公开听证",
        duration_minutes=120,
        locale="zh-CN",
        participants=[
            *(ParticipantRequest(p, role) for p, role in zip(people, roles, strict=True)),
            *(ParticipantRequest(officer, "hearing_officer") for officer in officers),
        ],
        agenda=list(agenda),
        now=datetime.now(UTC),
    )
    room = await rooms.create_room(
        {
            "name": f"听证室 {suffix}",
            "capacity": 10,
            "public_seats": public_seats,
            "address": "人民路1号",
            "timezone": "Asia/Shanghai",
        }
    )
    start = next_weekday_at(10)
    if book:
        await booking.book_session(session.id, start, room.id, start - timedelta(days=10))
    return await hearing.get_session(session.id), start
