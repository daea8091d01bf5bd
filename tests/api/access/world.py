"""The small world the access matrix walks: cases, sessions with their participants, minutes
in draft and sealed, an action item, a public hearing and a sealed one, and one login per kind
of viewer.

Built through the API as a coordinator would, so what the matrix reads is what clients see.
Every name in it is distinctive, so a refusal that leaked a resource's data would show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from core.access import Role, Viewer
from parties.accounts import service as accounts
from parties.accounts import tokens
from parties.tables import Account
from scheduling.invitations.service import rsvp_token
from tests.conftest import PASSWORD, login
from tests.minutes.drafts.test_minutes_access_api import seal
from tests.support.api_builders import (
    book,
    booked_mediation,
    booked_public_hearing_api,
    draft_minutes,
    mediation_with_optional_agent,
    open_records_days_ahead,
    participant_login,
)
from tests.support.flow import next_weekday_at, post_ok, shanghai_today
from tests.support.signing_mail import tokens_by_recipient

#: Who asks, in the order the matrix asks: refused viewers never change what later ones see.
VIEWERS = (
    "anonymous",
    "expired",
    "disabled",
    "archivist",
    "outsider",
    "member",
    "coordinator",
    "admin",
)


@dataclass
class World:
    ids: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Values a refusal must never show: names, addresses, titles, hashes of the resources.
    secrets: set[str] = field(default_factory=set)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The sealed minutes' PDF, for the public verification.
    pdf: bytes = b""
    #: What the sealed public hearing's public minutes must show (the petitioner's pseudonym)
    #: and must not (the petitioner's name and contact details).
    public_pdf_shows: set[str] = field(default_factory=set)
    public_pdf_hides: set[str] = field(default_factory=set)

    def keep_secret(self, *values: Any) -> None:
        self.secrets.update(str(value) for value in values if value)


async def _expired_headers(email: str) -> dict[str, str]:
    """A token of the account that lapsed long ago (issued thirty days back)."""
    [account] = await Account.select(Account.id).where(Account.email == email)
    pair = await tokens.start_family(account["id"], datetime.now(UTC) - timedelta(days=30))
    return {"Authorization": f"Bearer {pair.access_token}"}


async def _disabled_headers(client: Any) -> dict[str, str]:
    """A coordinator's token, taken before an admin disabled the account."""
    account_id = await accounts.create_account("disabled@test.example", PASSWORD, Role.COORDINATOR)
    headers = await login(client, "disabled@test.example")
    admin = Viewer(UUID(int=0), "admin@test.example", Role.ADMIN, None)
    await accounts.set_account_active(admin, account_id, False, datetime.now(UTC))
    return headers


async def _logins(client: Any, world: World, coordinator: dict[str, str]) -> None:
    await accounts.create_account("admin@test.example", PASSWORD, Role.ADMIN)
    await accounts.create_account("archivist@test.example", PASSWORD, Role.ARCHIVIST)
    world.ids["spare_account"] = str(
        await accounts.create_account("spare@test.example", PASSWORD, Role.PARTICIPANT)
    )
    world.headers = {
        "anonymous": {},
        "expired": await _expired_headers("coordinator@test.example"),
        "disabled": await _disabled_headers(client),
        "archivist": await login(client, "archivist@test.example"),
        "outsider": await participant_login(client, world.people["outsider"]),
        "member": await participant_login(client, world.people["member"]),
        "coordinator": coordinator,
        "admin": await login(client, "admin@test.example"),
    }


async def _session_a(client: Any, world: World, coordinator: dict[str, str]) -> None:
    """The member's mediation: booked, its record open, draft minutes, an action item."""
    setup = await draft_minutes(client, coordinator, "AM-1")
    session = setup["session"]
    world.people["member"] = setup["petitioner"]
    world.ids.update(
        case=setup["case"]["id"],
        session=session["id"],
        room=setup["room"]["id"],
        org=setup["department_org"]["id"],
        member=setup["petitioner"]["id"],
        department=setup["department"]["id"],
        mediator=setup["mediator"]["id"],
        minutes=setup["minutes"]["id"],
    )
    world.tokens["version_sha256"] = setup["minutes"]["version_sha256"]
    world.tokens["feed"] = setup["petitioner"]["calendar_feed_url"].rsplit("/", 1)[-1]
    world.tokens["rsvp"] = rsvp_token(
        UUID(session["id"]), UUID(world.ids["member"]), datetime.now(UTC) + timedelta(days=30)
    )
    signing = await tokens_by_recipient(session["id"])
    world.tokens["signing"] = signing[setup["department"]["email"]]
    # The department has agreed to mediate; the member's consent is the matrix's to record.
    await post_ok(
        client,
        f"/api/v1/sessions/{session['id']}/consent",
        coordinator,
        {"person_id": world.ids["department"], "consent": True},
    )
    parent = await post_ok(
        client, "/api/v1/organizations", coordinator, {"name": "市政府 AM", "kind": "other"}
    )
    response = await client.patch(
        f"/api/v1/organizations/{world.ids['org']}",
        json={"parent_id": parent["id"]},
        headers=coordinator,
    )
    assert response.status_code == 200, response.text
    item = await post_ok(
        client,
        f"/api/v1/sessions/{session['id']}/action-items",
        coordinator,
        {
            "title": "核实补偿面积 AM",
            "owner_organization_id": world.ids["org"],
            "due_date": shanghai_today(20).isoformat(),
        },
    )
    world.ids["item"] = item["id"]
    world.keep_secret(
        setup["case"]["title"],
        setup["case"]["reference"],
        session["title"],
        setup["petitioner"]["email"],
        setup["department"]["email"],
        setup["mediator"]["email"],
        setup["minutes"]["version_sha256"],
        item["title"],
        world.tokens["feed"],
    )


async def _other_sessions(client: Any, world: World, coordinator: dict[str, str]) -> None:
    """The outsider's own session, a sealed one, spares to book, move and cancel."""
    theirs = await booked_mediation(client, coordinator, "AM-2")
    world.people["outsider"] = theirs["petitioner"]
    world.ids.update(outsider=theirs["petitioner"]["id"], other_session=theirs["session"]["id"])
    sealed_setup = await draft_minutes(client, coordinator, "AM-3")
    sealed = await seal(client, coordinator, sealed_setup)
    world.ids.update(sealed_minutes=sealed["id"], sealed_session=sealed_setup["session"]["id"])
    response = await client.get(f"/api/v1/minutes/{sealed['id']}/pdf", headers=coordinator)
    assert response.status_code == 200, response.text
    world.pdf = response.content
    spare = await mediation_with_optional_agent(
        client, coordinator, "AM-4", "agent.AM-4@example.cn"
    )
    booked = await book(
        client, coordinator, spare["session"]["id"], spare["room"]["id"], next_weekday_at(14)
    )
    assert booked.status_code == 201, booked.text
    world.ids.update(
        spare_session=spare["session"]["id"],
        spare_room=spare["room"]["id"],
        spare_agent=spare["agent"]["id"],
    )
    unbooked = await post_ok(
        client,
        "/api/v1/sessions",
        coordinator,
        {
            "kind": "mediation",
            "case_id": world.ids["case"],
            "title": "补偿争议再次调解 AM",
            "duration_minutes": 60,
            "participants": [
                {"person_id": world.ids["member"], "role": "petitioner"},
                {"person_id": world.ids["department"], "role": "department"},
                {"person_id": world.ids["mediator"], "role": "mediator"},
            ],
        },
    )
    world.ids["unbooked_session"] = unbooked["id"]
    world.keep_secret(
        theirs["petitioner"]["email"], sealed["sealed_sha256"], sealed_setup["case"]["reference"]
    )


async def _cases(client: Any, world: World, coordinator: dict[str, str]) -> None:
    """A case to delete, and a closed one to rate and review."""
    today = shanghai_today()
    spare = await post_ok(
        client, "/api/v1/cases", coordinator, {"reference": "AM-5", "title": "噪音扰民投诉 AM"}
    )
    closed = await post_ok(
        client, "/api/v1/cases", coordinator, {"reference": "AM-6", "title": "供暖不达标投诉 AM"}
    )
    case_path = f"/api/v1/cases/{closed['id']}"
    await post_ok(
        client, f"{case_path}/accept", coordinator, {"accepted_on": today.isoformat()}, 200
    )
    await post_ok(
        client,
        f"{case_path}/close",
        coordinator,
        {"closed_on": today.isoformat(), "reply_summary": "已督促供暖公司整改 AM"},
        200,
    )
    review = await post_ok(
        client,
        f"{case_path}/review-requests",
        coordinator,
        {"level": "review", "requested_on": today.isoformat()},
    )
    await _deletables(client, world, coordinator)
    await post_ok(
        client,
        f"/api/v1/cases/{spare['id']}/accept",
        coordinator,
        {"accepted_on": today.isoformat()},
        200,
    )
    world.ids.update(
        spare_case=spare["id"], closed_case=closed["id"], review=review["reviews"][0]["id"]
    )
    world.keep_secret(spare["title"], closed["title"], "已督促供暖公司整改 AM")


async def _deletables(client: Any, world: World, coordinator: dict[str, str]) -> None:
    """An organisation, a person and a room nothing refers to, so they can be deleted."""
    org = await post_ok(
        client, "/api/v1/organizations", coordinator, {"name": "已撤销机构 AM", "kind": "other"}
    )
    person = await post_ok(
        client, "/api/v1/people", coordinator, {"name": "待删除", "email": "gone.AM@example.cn"}
    )
    room = await post_ok(
        client,
        "/api/v1/rooms",
        coordinator,
        {"name": "旧调解室 AM", "capacity": 2, "timezone": "Asia/Shanghai"},
    )
    world.ids.update(
        deletable_org=org["id"], deletable_person=person["id"], deletable_room=room["id"]
    )
    world.keep_secret("gone.AM@example.cn")


async def _public_hearing(client: Any, world: World, coordinator: dict[str, str]) -> None:
    hearing = await booked_public_hearing_api(client, coordinator, "AM-7", public_seats=3)
    observer = await post_ok(
        client,
        f"/api/v1/sessions/{hearing['session']['id']}/observers",
        {},
        {"name": "旁听人甲", "email": "observer.AM-7@example.cn"},
    )
    world.ids.update(
        hearing=hearing["session"]["id"],
        hearing_officer=hearing["officers"][0]["id"],
        observer=observer["id"],
    )
    world.tokens["cancel_observer"] = observer["cancel_token"]
    world.keep_secret(hearing["petitioner"]["email"], hearing["petitioner"]["phone"])


async def _sealed_public_hearing(client: Any, world: World, coordinator: dict[str, str]) -> None:
    """A public hearing whose petitioner gave their phone and email in the statement, signed by
    everyone and sealed: its public minutes are anyone's to download."""
    hearing = await booked_public_hearing_api(client, coordinator, "AM-8")
    petitioner = hearing["petitioner"]
    session_id = hearing["session"]["id"]
    await post_ok(
        client,
        f"/api/v1/sessions/{session_id}/positions",
        coordinator,
        {
            "person_id": petitioner["id"],
            "agenda_item": "补偿标准",
            "statement": (
                f"补偿款偏低 AM-8，请回电{petitioner['phone']}或发邮件到{petitioner['email']}"
            ),
        },
    )
    minutes = await post_ok(client, f"/api/v1/sessions/{session_id}/minutes", coordinator, None)
    path = f"/api/v1/minutes/{minutes['id']}"
    for person_id in minutes["pending_signers"]:
        body = {
            "person_id": person_id,
            "decision": "sign",
            "version_sha256": minutes["version_sha256"],
        }
        await post_ok(client, f"{path}/signatures", coordinator, body)
    await post_ok(client, f"{path}/seal", coordinator, None, 200)
    world.ids["public_minutes"] = minutes["id"]
    world.public_pdf_shows = {"张某", "补偿款偏低AM-8"}
    world.public_pdf_hides = {petitioner["name"], petitioner["phone"], petitioner["email"]}


async def build_world(client: Any, coordinator: dict[str, str]) -> World:
    world = World()
    await open_records_days_ahead(30)
    await _session_a(client, world, coordinator)
    await _other_sessions(client, world, coordinator)
    await _cases(client, world, coordinator)
    await _public_hearing(client, world, coordinator)
    await _sealed_public_hearing(client, world, coordinator)
    await _logins(client, world, coordinator)
    await _lookups(client, world, coordinator)
    return world


async def _lookups(client: Any, world: World, coordinator: dict[str, str]) -> None:
    """Ids and values the world's builders do not hand back: read as the coordinator."""
    jurisdictions = await client.get("/api/v1/jurisdictions", headers=coordinator)
    world.ids["jurisdiction"] = jurisdictions.json()["items"][0]["id"]
    outbox = await client.get("/api/v1/outbox", headers=coordinator)
    world.ids["message"] = outbox.json()["items"][0]["id"]
    session_a = world.ids["session"]
    invite = await client.get(
        f"/api/v1/sessions/{session_a}/invite.ics",
        params={"person_id": world.ids["member"]},
        headers=coordinator,
    )
    [uid] = [line[4:] for line in invite.text.splitlines() if line.startswith("UID:")]
    world.tokens["session_uid"] = uid
    # A background job of the coordinator's: sealing minutes already sealed, which changes
    # nothing whether it has run yet or not.
    job = await client.post(
        f"/api/v1/minutes/{world.ids['sealed_minutes']}/seal",
        headers={**coordinator, "Prefer": "respond-async"},
    )
    assert job.status_code == 202, job.text
    world.ids["job"] = job.json()["id"]
    world.tokens["member_email"] = world.people["member"]["email"]
    world.tokens["spare_rsvp"] = rsvp_token(
        UUID(world.ids["other_session"]),
        UUID(world.ids["outsider"]),
        datetime.now(UTC) + timedelta(days=30),
    )
