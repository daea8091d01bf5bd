"""The demo data: something to look at straight after installation."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import demo
from core.access import Role, Viewer
from core.settings import get_settings
from hearing.cases import service as cases
from hearing.cases.clock import Light
from hearing.followup import service as followup
from hearing.sessions import service as sessions
from hearing.sessions.session_rows import SessionFilter
from hearing.tables import ActionItem, Case, Session, SessionParticipant
from hearing.vocabulary import ActionItemStatus, ParticipantRole
from minutes.drafts import service as drafts
from minutes.tables import Minutes
from parties.accounts import service as accounts
from parties.tables import Account, Person
from scheduling.tables import Room
from tests.conftest import login
from ui.dashboard import week_around


async def test_demo_fills_an_empty_database_with_a_booked_public_hearing(client) -> None:
    assert not await demo.has_data()
    now = datetime.now(UTC)
    await demo.load_demo(now)
    assert await demo.has_data()

    accounts = await Account.select(Account.role)
    assert {row["role"] for row in accounts} == {role.value for role in Role}
    assert await Room.count() == 3
    cases_ = await Case.select(Case.investigator)
    assert all(case["investigator"] is not None for case in cases_)  # the evaluator's
    assert await Person.count() >= 10

    [hearing] = await Session.select().where(Session.kind == "public_hearing")
    assert hearing["status"] == "scheduled"
    assert hearing["start_at"] >= now + timedelta(days=7)
    assert hearing["room_id"] is not None
    roles = {row["role"] for row in await SessionParticipant.select(SessionParticipant.role)}
    assert roles >= {role.value for role in ParticipantRole} - {ParticipantRole.EVALUATOR.value}

    # The demo coordinator logs in with the documented password and sees the hearing.
    headers = await login(client, demo.COORDINATOR_EMAIL, demo.DEMO_PASSWORD)
    response = await client.get("/api/v1/sessions", params={"status": "scheduled"}, headers=headers)
    assert response.status_code == 200
    assert str(hearing["id"]) in [s["id"] for s in response.json()["items"]]


async def test_demo_logins_are_refused_in_production(client, monkeypatch) -> None:
    await demo.load_demo(datetime.now(UTC))
    credentials = {"email": demo.COORDINATOR_EMAIL, "password": demo.DEMO_PASSWORD}
    production = replace(get_settings(), environment="production")
    monkeypatch.setattr(accounts, "get_settings", lambda: production)

    response = await client.post("/api/v1/auth/token", json=credentials)

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


async def test_the_demo_fills_every_panel_of_the_coordinators_dashboard(client) -> None:
    now = datetime.now(UTC)
    await demo.load_demo(now)
    coordinator = await Account.select(Account.id, Account.person).where(
        Account.email == demo.COORDINATOR_EMAIL
    )
    viewer = Viewer(
        coordinator[0]["id"], demo.COORDINATOR_EMAIL, Role.COORDINATOR, coordinator[0]["person"]
    )
    reader_zone = "Asia/Shanghai"
    start, end = week_around(now.astimezone(ZoneInfo(reader_zone)).date(), reader_zone)

    this_week, _ = await sessions.list_sessions(
        viewer, 50, 0, SessionFilter(starts_from=start, starts_before=end)
    )
    assert [s.kind for s in this_week] == ["mediation"]
    overdue, _ = await followup.list_action_items(
        viewer, followup.ActionItemFilter(status=ActionItemStatus.OVERDUE), 50, 0, now
    )
    assert [item.title for item in overdue] == [demo.OVERDUE_ITEM_TITLE]
    assert overdue[0].session_id == this_week[0].id
    [waiting] = await drafts.minutes_awaiting_signatures(viewer)
    assert waiting.session_id == this_week[0].id
    assert len(waiting.pending_signers) == 3
    for light in (Light.RED, Light.AMBER, Light.GREEN):
        _, total = await cases.list_cases(viewer, 50, 0, cases.CaseFilter(light=light), now)
        assert total >= 1, light


async def test_loaded_early_on_a_monday_the_demo_still_fills_this_weeks_panels(client) -> None:
    # 00:20 on this week's Monday in Shanghai, or last week's if that is still to come.
    shanghai = ZoneInfo("Asia/Shanghai")
    today = datetime.now(shanghai).date()
    monday = datetime.combine(today - timedelta(days=today.weekday()), time(0, 20), shanghai)
    early = monday if monday <= datetime.now(UTC) else monday - timedelta(days=7)
    await demo.load_demo(early)

    [held] = await Session.select(Session.id, Session.start_at).where(
        Session.title == "过渡费调解 Mediation on the transition allowance"
    )
    assert held["start_at"] == early.replace(hour=10, minute=0)
    [item] = await ActionItem.select(ActionItem.session, ActionItem.due_date)
    assert item["session"] == held["id"] and item["due_date"] == early.date() - timedelta(days=1)
    assert await Minutes.exists().where(Minutes.session == held["id"])
