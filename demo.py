"""Demo data so a newcomer sees something at once (never loaded in production)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from core.access import Role, Viewer
from hearing.cases import service as cases
from hearing.followup import service as followup
from hearing.sessions import service as hearing
from hearing.sessions.views import ParticipantRequest
from minutes.drafts import service as drafts
from parties.accounts import service as accounts
from parties.organizations import service as organizations
from parties.tables import Account
from scheduling.booking import service as booking_service
from scheduling.rooms import service as rooms
from scheduling.slots import service as scheduling
from tests.support import builders

DEMO_PASSWORD = "concord-demo-2026"
COORDINATOR_EMAIL = "coordinator@concord.example"
OVERDUE_ITEM_TITLE = "补发过渡费 Pay the transition allowance"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str


DEMO_LOGINS = (
    DemoLogin(COORDINATOR_EMAIL, DEMO_PASSWORD, "coordinator"),
    DemoLogin("archivist@concord.example", DEMO_PASSWORD, "archivist"),
    DemoLogin("admin@concord.example", DEMO_PASSWORD, "admin"),
    DemoLogin("zhang.san@example.cn", DEMO_PASSWORD, "participant"),
)


async def has_data() -> bool:
    return bool(await Account.exists())


@dataclass(frozen=True)
class DemoOrganisations:
    housing: UUID
    land: UUID
    mediation: UUID
    law_firm: UUID
    bureau: UUID


@dataclass(frozen=True)
class DemoPeople:
    coordinator: UUID
    petitioner: UUID
    agent: UUID
    department: UUID
    land_rep: UUID
    presiding: UUID
    officers: tuple[UUID, ...]
    mediator: UUID
    evaluator: UUID
    recorder: UUID
    observer: UUID


async def load_demo(now: datetime | None = None) -> None:
    """Organisations, people in every role, rooms, cases in each light, a booked public
    hearing, an unbooked mediation and one held this week (minutes to sign, an overdue item)."""
    now = now or datetime.now(UTC)
    organisations = await _organisations()
    people = await _people(organisations)
    coordinator = await _logins(people)
    hall = await _rooms()
    case = await _case(people.evaluator, now)
    await _sessions(case, people, hall, now)
    await _this_weeks_mediation(case, people, organisations.housing, coordinator, now)
    await _cases_in_each_light(people.evaluator, now)


async def _organisations() -> DemoOrganisations:
    async def organisation(name: str, kind: str) -> UUID:
        return (await organizations.create_organization(name, kind)).id

    return DemoOrganisations(
        housing=await organisation("市住房和城乡建设局 Housing Bureau", "government_department"),
        land=await organisation("市自然资源局 Land Resources Bureau", "government_department"),
        mediation=await organisation("市人民调解中心 People's Mediation Centre", "mediation_body"),
        law_firm=await organisation("明理律师事务所 Mingli Law Firm", "law_firm"),
        bureau=await organisation("市信访局 Petition Bureau", "government_department"),
    )


async def _people(organisations: DemoOrganisations) -> DemoPeople:
    bureau, mediation = organisations.bureau, organisations.mediation
    return DemoPeople(
        coordinator=await builders.person("陈协调 Chen Xietiao", COORDINATOR_EMAIL, bureau),
        petitioner=await builders.person("张三", "zhang.san@example.cn", None),
        agent=await builders.person(
            "李律师 Li Lüshi", "li.lawyer@mingli.example.cn", organisations.law_firm
        ),
        department=await builders.person(
            "王科长 Wang Kezhang", "wang.kz@housing.example.gov.cn", organisations.housing
        ),
        land_rep=await builders.person(
            "赵处长 Zhao Chuzhang", "zhao.cz@land.example.gov.cn", organisations.land
        ),
        presiding=await builders.person(
            "刘主持 Liu Zhuchi", "liu.presiding@concord.example", bureau
        ),
        officers=tuple(
            [
                await builders.person(name, email, mediation)
                for name, email in (
                    ("孙听证员 Sun", "sun.officer@mediation.example.cn"),
                    ("周听证员 Zhou", "zhou.officer@mediation.example.cn"),
                    ("吴听证员 Wu", "wu.officer@mediation.example.cn"),
                )
            ]
        ),
        mediator=await builders.person(
            "郑调解员 Zheng", "zheng.mediator@mediation.example.cn", mediation
        ),
        evaluator=await builders.person("Emma Evaluator", "emma.evaluator@example.org", None, "en"),
        recorder=await builders.person("冯记录员 Feng", "feng.recorder@concord.example", bureau),
        observer=await builders.person("公众旁听 Observer", "observer@example.cn", None),
    )


async def _logins(people: DemoPeople) -> Viewer:
    """The demo's accounts; returns the coordinator as the services see them."""
    owners = (people.coordinator, None, None, people.petitioner)
    viewers = []
    for login, person in zip(DEMO_LOGINS, owners, strict=True):
        account = await accounts.create_account(
            login.email, login.password, Role(login.role), person, demo=True
        )
        viewers.append(Viewer(account, login.email, Role(login.role), person))
    return viewers[0]


async def _rooms() -> UUID:
    """A hearing room and a mediation room; returns the hearing room's id."""
    hall = (
        await rooms.create_room(
            {
                "name": "第一听证室 Hearing Room 1",
                "capacity": 14,
                "public_seats": 20,
                "address": "人民路1号 1 Renmin Road, 3F",
                "timezone": "Asia/Shanghai",
                "features": ["hearing_layout", "recording", "accessible"],
            }
        )
    ).id
    await rooms.create_room(
        {
            "name": "调解室 Mediation Room",
            "capacity": 6,
            "public_seats": 0,
            "address": "人民路1号 1 Renmin Road, 2F",
            "timezone": "Asia/Shanghai",
            "features": ["accessible"],
        }
    )
    return hall


async def _case(investigator: UUID, now: datetime) -> cases.CaseView:
    return await cases.create_case(
        cases.NewCase(
            reference="XF-2026-0001",
            title="旧城改造拆迁补偿争议 Compensation dispute, old-town renewal",
            summary="信访人对拆迁补偿标准有异议。The petitioner disputes the compensation rate.",
            confidentiality="none",
            registered_on=now.date() - timedelta(days=20),
            accepted_on=now.date() - timedelta(days=12),
            investigator_id=investigator,
        ),
        now,
    )


async def _sessions(case: cases.CaseView, people: DemoPeople, hall: UUID, now: datetime) -> None:
    """A public hearing booked in the first free slot a week out, and an unbooked mediation."""
    participants = [
        ParticipantRequest(people.petitioner, "petitioner"),
        ParticipantRequest(people.agent, "agent", required=False),
        ParticipantRequest(people.department, "department"),
        ParticipantRequest(people.land_rep, "department", required=False),
        ParticipantRequest(people.presiding, "presiding_officer"),
        *[ParticipantRequest(officer, "hearing_officer") for officer in people.officers],
        ParticipantRequest(people.recorder, "recorder"),
        ParticipantRequest(people.observer, "observer", required=False),
    ]
    hearing_session = await hearing.create_session(
        kind="public_hearing",
        case_id=case.id,
        title="拆迁补偿公开听证 Public hearing on compensation",
        duration_minutes=120,
        locale="zh-CN",
        participants=participants,
        agenda=["补偿标准 Compensation rate", "安置方案 Resettlement plan"],
        now=now,
    )
    found = await scheduling.search_slots(
        hearing_session.id,
        now + timedelta(days=8),
        now + timedelta(days=30),
        now,
        scheduling.SearchOptions(limit=1),
    )
    if found.slots:
        slot = found.slots[0]
        await booking_service.book_session(
            hearing_session.id, slot.start, UUID(str(slot.room_id or hall)), now
        )
    await builders.mediation(
        case.id,
        people.petitioner,
        people.department,
        people.mediator,
        title="补偿争议调解 Mediation on compensation",
        duration_minutes=90,
        agenda=["补偿标准 Compensation rate"],
        now=now,
    )


def _this_weeks_monday_at(hour: int, now: datetime) -> datetime:
    """Monday of ``now``'s week in Shanghai (the demo's zone) at ``hour``: inside the
    dashboard's week whatever day the demo is loaded."""
    today = now.astimezone(SHANGHAI).date()
    monday = today - timedelta(days=today.weekday())
    return datetime.combine(monday, time(hour), SHANGHAI)


async def _this_weeks_mediation(
    case: cases.CaseView, people: DemoPeople, bureau: UUID, coordinator: Viewer, now: datetime
) -> None:
    """A mediation held this Monday: its minutes wait for the parties' signatures and the
    follow-up it agreed is already overdue, so the dashboard's panels all have something."""
    session = await builders.mediation(
        case.id,
        people.petitioner,
        people.department,
        people.mediator,
        title="过渡费调解 Mediation on the transition allowance",
        duration_minutes=90,
        agenda=["过渡费 Transition allowance"],
        now=now,
    )
    start = _this_weeks_monday_at(10, now)
    room = await rooms.create_room(
        {
            "name": "第二调解室 Mediation Room 2",
            "capacity": 6,
            "public_seats": 0,
            "address": "人民路1号 1 Renmin Road, 2F",
            "timezone": "Asia/Shanghai",
            "features": [],
        }
    )
    # Booked two weeks ahead, as a coordinator would have. Loaded before it on a Monday
    # morning, the demo records it as of its end (its record opens an hour before its start).
    await booking_service.book_session(session.id, start, room.id, start - timedelta(days=14))
    held = max(start + timedelta(hours=2), now)
    yesterday = now.astimezone(SHANGHAI).date() - timedelta(days=1)
    await followup.create_action_item(session.id, OVERDUE_ITEM_TITLE, bureau, yesterday, None, held)
    await drafts.build_minutes(coordinator, session.id, held)


async def _cases_in_each_light(investigator: UUID, now: datetime) -> None:
    """Beside the green case: one far into its handling period (amber), one never accepted
    past its acceptance deadline (red), on the default rules (accept 15, amber from 45)."""
    today = now.astimezone(SHANGHAI).date()
    for reference, title, registered, accepted in (
        ("XF-2026-0002", "物业维修基金争议 Maintenance fund dispute", 55, 50),
        ("XF-2026-0003", "征地安置投诉 Land requisition complaint", 30, None),
    ):
        await cases.create_case(
            cases.NewCase(
                reference=reference,
                title=title,
                confidentiality="none",
                registered_on=today - timedelta(days=registered),
                accepted_on=None if accepted is None else today - timedelta(days=accepted),
                investigator_id=investigator,
            ),
            now,
        )
