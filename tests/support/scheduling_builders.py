"""Sessions and rooms built through the services, for scheduling tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hearing.cases import service as cases
from hearing.sessions import service as hearing
from hearing.sessions.service import ParticipantRequest
from parties.people import service as parties
from scheduling.rooms import service as rooms


async def mediation_session(suffix: str, mediator: Any = None) -> tuple[Any, Any]:
    petitioner = (await parties.create_person({"name": "张三", "email": f"p{suffix}@x.cn"})).id
    department = (await parties.create_person({"name": "王", "email": f"d{suffix}@x.cn"})).id
    if mediator is None:
        mediator = (await parties.create_person({"name": "郑", "email": f"m{suffix}@x.cn"})).id
    case = await cases.create_case(
        cases.NewCase(reference=f"XF-{suffix}", title="t"), datetime.now(UTC)
    )
    session = await hearing.create_session(
        kind="mediation",
        case_id=case.id,
        title="调解",
        duration_minutes=60,
        locale="zh-CN",
        participants=[
            ParticipantRequest(petitioner, "petitioner"),
            ParticipantRequest(department, "department"),
            ParticipantRequest(mediator, "mediator"),
        ],
        agenda=[],
        now=datetime.now(UTC),
    )
    return session, mediator


async def make_room(name: str, features: list[str] | None = None) -> Any:
    room = await rooms.create_room(
        {"name": name, "capacity": 6, "timezone": "Asia/Shanghai", "features": features or []}
    )
    return room.id
