"""Probes of accounts, organisations, people, rooms, availability, jurisdictions and the
institution's own records (audit, outbox, links). Destructive ones come last."""

from __future__ import annotations

from tests.api.access.probes import Probe
from tests.conftest import PASSWORD

HOURS = {"timezone": "Asia/Shanghai", "weekly": {"mon": [["09:00", "12:00"]]}}
BUSY = {"start": "{busy_start}", "end": "{busy_end}", "label": "外出 AM"}

PROBES = (
    Probe("health", "GET", "/health"),
    Probe(
        "issueToken",
        "POST",
        "/api/v1/auth/token",
        json={"email": "spare@test.example", "password": PASSWORD},
    ),
    Probe("refreshToken", "POST", "/api/v1/auth/refresh", json={"refresh_token": "{refresh}"}),
    Probe(
        "createAccount",
        "POST",
        "/api/v1/auth/accounts",
        json={"email": "new.account@test.example", "password": PASSWORD, "role": "participant"},
    ),
    Probe("updateAccount", "PATCH", "/api/v1/auth/accounts/{spare_account}", json={"active": True}),
    Probe("listOrganizations", "GET", "/api/v1/organizations"),
    Probe(
        "createOrganization",
        "POST",
        "/api/v1/organizations",
        json={"name": "信访督查室 AM", "kind": "government_department"},
    ),
    Probe("getOrganization", "GET", "/api/v1/organizations/{org}"),
    Probe("updateOrganization", "PATCH", "/api/v1/organizations/{org}", json={"name": "住建局 AM"}),
    Probe("listPeople", "GET", "/api/v1/people"),
    Probe(
        "createPerson",
        "POST",
        "/api/v1/people",
        json={"name": "新当事人", "email": "new.person.AM@example.cn"},
    ),
    Probe("getPerson", "GET", "/api/v1/people/{member}"),
    Probe("updatePerson", "PATCH", "/api/v1/people/{member}", json={"phone": "13812345678"}),
    Probe(
        "declareConflict",
        "POST",
        "/api/v1/people/{mediator}/conflicts",
        json={"case_id": "{spare_case}", "reason": "与信访人系亲属"},
    ),
    Probe("rotateCalendarFeed", "POST", "/api/v1/people/{member}/calendar-feed/rotate"),
    Probe("setWorkingHours", "PUT", "/api/v1/people/{member}/working-hours", json=HOURS),
    Probe("addBusy", "POST", "/api/v1/people/{member}/busy", json=BUSY),
    Probe("importCalendar", "POST", "/api/v1/people/{member}/calendars", upload="ics"),
    Probe("listRooms", "GET", "/api/v1/rooms"),
    Probe(
        "createRoom",
        "POST",
        "/api/v1/rooms",
        json={"name": "第二调解室 AM", "capacity": 4, "timezone": "Asia/Shanghai"},
    ),
    Probe("getRoom", "GET", "/api/v1/rooms/{room}"),
    Probe("updateRoom", "PATCH", "/api/v1/rooms/{room}", json={"capacity": 8}),
    Probe("setRoomOpeningHours", "PUT", "/api/v1/rooms/{room}/opening-hours", json=HOURS),
    Probe("addRoomBusy", "POST", "/api/v1/rooms/{room}/busy", json=BUSY),
    Probe("listJurisdictions", "GET", "/api/v1/jurisdictions"),
    Probe("getJurisdiction", "GET", "/api/v1/jurisdictions/{jurisdiction}"),
    Probe("createJurisdiction", "POST", "/api/v1/jurisdictions", json={"name": "东城区信访办 AM"}),
    Probe(
        "updateJurisdiction",
        "PATCH",
        "/api/v1/jurisdictions/{jurisdiction}",
        json={"holidays": ["2030-10-01"]},
    ),
    Probe("listAuditEntries", "GET", "/api/v1/audit"),
    Probe("listOutboxMessages", "GET", "/api/v1/outbox"),
    Probe("getOutboxMessage", "GET", "/api/v1/outbox/{message}"),
    Probe("retryOutboxMessage", "POST", "/api/v1/outbox/{message}/retry"),
    Probe("revokeLink", "POST", "/api/v1/links/revoke", json={"token": "{spare_rsvp}"}),
    Probe("getJob", "GET", "/api/v1/jobs/{job}"),
    Probe("deleteOrganization", "DELETE", "/api/v1/organizations/{deletable_org}"),
    Probe("deletePerson", "DELETE", "/api/v1/people/{deletable_person}"),
    Probe("deleteRoom", "DELETE", "/api/v1/rooms/{deletable_room}"),
    Probe("logOut", "POST", "/api/v1/auth/logout", fresh_login=True),
    # Last: a password change ends every other login of the account, the world's included.
    Probe(
        "changePassword",
        "POST",
        "/api/v1/auth/password",
        fresh_login=True,
        json={"current_password": PASSWORD, "new_password": PASSWORD},
    ),
)
