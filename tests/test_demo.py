"""The demo data: something to look at straight after installation."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import demo
from core.access import Role
from core.settings import get_settings
from hearing.tables import Case, Session, SessionParticipant
from hearing.vocabulary import ParticipantRole
from parties.accounts import service as accounts
from parties.tables import Account, Person
from scheduling.tables import Room
from tests.conftest import login


async def test_demo_fills_an_empty_database_with_a_booked_public_hearing(client) -> None:
    assert not await demo.has_data()
    now = datetime.now(UTC)
    await demo.load_demo(now)
    assert await demo.has_data()

    accounts = await Account.select(Account.role)
    assert {row["role"] for row in accounts} == {role.value for role in Role}
    assert await Room.count() == 2
    [case] = await Case.select(Case.investigator)
    assert case["investigator"] is not None  # the evaluator investigated the case
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
    assert [s["id"] for s in response.json()["items"]] == [str(hearing["id"])]


async def test_demo_logins_are_refused_in_production(client, monkeypatch) -> None:
    await demo.load_demo(datetime.now(UTC))
    credentials = {"email": demo.COORDINATOR_EMAIL, "password": demo.DEMO_PASSWORD}
    production = replace(get_settings(), environment="production")
    monkeypatch.setattr(accounts, "get_settings", lambda: production)

    response = await client.post("/api/v1/auth/token", json=credentials)

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
