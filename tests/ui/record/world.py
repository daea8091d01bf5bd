"""A mediation whose record is open (booked on a past weekday) and the people of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from core.access import Role
from hearing.cases import service as cases
from hearing.sessions.views import SessionView
from parties.accounts import service as accounts
from parties.organizations import service as organizations
from scheduling.booking import service as booking
from tests.conftest import PASSWORD
from tests.support.builders import make_room, mediation, person, public_hearing_session
from tests.support.flow import SHANGHAI, next_weekday_at

AGENDA_ITEM = "补偿标准"


@dataclass(frozen=True)
class MediationWorld:
    session: SessionView
    petitioner: UUID
    department: UUID
    mediator: UUID


def last_weekday_at(hour: int) -> datetime:
    """The latest weekday before today at ``hour`` (Shanghai): the session has started."""
    day = datetime.now(SHANGHAI).date() - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


async def booked_mediation(suffix: str, *, started: bool = True) -> MediationWorld:
    """A three-party mediation on one agenda item; the department belongs to an organisation
    (its terms have an owner). Started: booked on a past weekday; else ten days ahead."""
    bureau = await organizations.create_organization(f"住建局{suffix}", "government_department")
    petitioner = await person("张三", f"p{suffix}@x.cn")
    department = await person("王科长", f"d{suffix}@x.cn", organization_id=bureau.id)
    centre = await organizations.create_organization(f"调解中心{suffix}", "mediation_body")
    mediator = await person("郑调解员", f"m{suffix}@x.cn", organization_id=centre.id)
    case = await cases.create_case(
        cases.NewCase(reference=f"XF-{suffix}", title="征收补偿"), datetime.now(UTC)
    )
    session = await mediation(
        case.id, petitioner, department, mediator, title="征收补偿调解", agenda=[AGENDA_ITEM]
    )
    start = last_weekday_at(10) if started else next_weekday_at(10)
    await booking.book_session(session.id, start, await make_room(suffix), start - timedelta(14))
    return MediationWorld(session, petitioner, department, mediator)


async def participant_account(person_id: UUID, email: str) -> None:
    await accounts.create_account(email, PASSWORD, Role.PARTICIPANT, person_id)


async def booked_public_hearing(suffix: str) -> SessionView:
    """A public hearing (three hearing officers, agenda 补偿标准) booked on a past weekday."""
    session = await public_hearing_session(suffix)
    start = last_weekday_at(10)
    await booking.book_session(session.id, start, await make_room(suffix), start - timedelta(14))
    return session
