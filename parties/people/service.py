"""Use cases for organisations, people, accounts and tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from core.access import Role
from core.audit import record_event
from core.crud import Row, all_of, delete_row, ensure_exists, fetch_one, fetch_page, update_row
from core.db import write_transaction
from core.errors import Conflict, NotFound, RuleViolation, Unauthorized
from core.settings import get_settings
from core.timezones import check_timezone
from parties.accounts.passwords import hash_password, password_matches
from parties.tables import AccessToken, Account, ConflictDeclaration, Organization, Person

ORGANIZATION_COLUMNS = (Organization.id, Organization.name, Organization.kind)
PERSON_COLUMNS = (
    Person.id,
    Person.name,
    Person.email,
    Person.phone,
    Person.timezone,
    Person.locale,
    Person.organization.as_alias("organization_id"),
    Person.calendar_feed_token,
)


@dataclass(frozen=True)
class AuthenticatedAccount:
    account_id: UUID
    email: str
    role: Role
    person_id: UUID | None


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int


def _new_feed_token() -> str:
    return secrets.token_urlsafe(32)


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_url(feed_token: str) -> str:
    return f"{get_settings().public_url}/api/v1/calendars/{feed_token}.ics"


# Organisations -------------------------------------------------------------------------------


async def create_organization(name: str, kind: str) -> Row:
    async with write_transaction():
        organization = Organization(name=name, kind=kind)
        await organization.save()
        await record_event("organization.created", "organization", organization.id, {"name": name})
    return await get_organization(organization.id)


async def list_organizations(
    limit: int, offset: int, name: str | None = None, kind: str | None = None
) -> tuple[list[Row], int]:
    where = all_of(
        [
            Organization.name.ilike(f"%{name}%") if name else None,
            Organization.kind == kind if kind else None,
        ]
    )
    return await fetch_page(
        Organization,
        ORGANIZATION_COLUMNS,
        where=where,
        limit=limit,
        offset=offset,
        order_by=Organization.name,
    )


async def get_organization(organization_id: UUID) -> Row:
    return await fetch_one(Organization, organization_id, ORGANIZATION_COLUMNS, "organization")


async def get_organizations(organization_ids: list[UUID]) -> dict[UUID, Row]:
    """Many organisations in one query, keyed by id."""
    if not organization_ids:
        return {}
    rows = await Organization.select(*ORGANIZATION_COLUMNS).where(
        Organization.id.is_in(list(set(organization_ids)))
    )
    return {row["id"]: row for row in rows}


async def update_organization(organization_id: UUID, changes: dict[str, Any]) -> Row:
    async with write_transaction():
        await update_row(Organization, organization_id, changes, "organization")
        await record_event("organization.updated", "organization", organization_id, changes)
    return await get_organization(organization_id)


async def delete_organization(organization_id: UUID) -> None:
    async with write_transaction():
        await delete_row(Organization, organization_id, "organization")
        await record_event("organization.deleted", "organization", organization_id)


# People ---------------------------------------------------------------------------------------


async def _ensure_email_free(email: str, except_id: UUID | None = None) -> None:
    query = Person.exists().where(Person.email == email)
    if except_id is not None:
        query = Person.exists().where((Person.email == email) & (Person.id != except_id))
    if await query:
        raise Conflict(
            f"a person with email {email} already exists", code="email_taken", field="email"
        )


async def create_person(data: dict[str, Any]) -> Row:
    check_timezone(data.get("timezone") or "Asia/Shanghai")
    async with write_transaction():
        await _ensure_email_free(data["email"])
        await ensure_exists(
            Organization, data.get("organization_id"), "organization", "organization_id"
        )
        person = Person(
            name=data["name"],
            email=data["email"],
            phone=data.get("phone"),
            timezone=data.get("timezone") or "Asia/Shanghai",
            locale=data.get("locale") or "zh-CN",
            organization=data.get("organization_id"),
            calendar_feed_token=_new_feed_token(),
        )
        await person.save()
        await record_event("person.created", "person", person.id, {"name": data["name"]})
    return await get_person(person.id)


async def list_people(
    limit: int,
    offset: int,
    name: str | None = None,
    organization_id: UUID | None = None,
    email: str | None = None,
) -> tuple[list[Row], int]:
    where = all_of(
        [
            Person.name.ilike(f"%{name}%") if name else None,
            Person.organization == organization_id if organization_id else None,
            Person.email == email if email else None,
        ]
    )
    return await fetch_page(
        Person, PERSON_COLUMNS, where=where, limit=limit, offset=offset, order_by=Person.name
    )


async def get_person(person_id: UUID) -> Row:
    return await fetch_one(Person, person_id, PERSON_COLUMNS, "person")


async def get_people(person_ids: list[UUID]) -> dict[UUID, Row]:
    """Many people in one query, keyed by id; unknown ids are simply absent."""
    if not person_ids:
        return {}
    rows = await Person.select(*PERSON_COLUMNS).where(Person.id.is_in(list(set(person_ids))))
    return {row["id"]: row for row in rows}


async def update_person(person_id: UUID, changes: dict[str, Any]) -> Row:
    if "timezone" in changes:
        check_timezone(changes["timezone"])
    async with write_transaction():
        if "email" in changes:
            await _ensure_email_free(changes["email"], except_id=person_id)
        if "organization_id" in changes:
            await ensure_exists(
                Organization, changes["organization_id"], "organization", "organization_id"
            )
            changes["organization"] = changes.pop("organization_id")
        await update_row(Person, person_id, changes, "person")
        await record_event("person.updated", "person", person_id, _jsonable(changes))
    return await get_person(person_id)


async def delete_person(person_id: UUID) -> None:
    async with write_transaction():
        await delete_row(Person, person_id, "person")
        await record_event("person.deleted", "person", person_id)


async def rotate_calendar_feed(person_id: UUID) -> Row:
    async with write_transaction():
        await update_row(Person, person_id, {"calendar_feed_token": _new_feed_token()}, "person")
        await record_event("person.calendar_feed_rotated", "person", person_id)
    return await get_person(person_id)


async def person_by_feed_token(feed_token: str) -> Row:
    row = (
        await Person.select(*PERSON_COLUMNS).where(Person.calendar_feed_token == feed_token).first()
    )
    if row is None:
        raise NotFound("no calendar feed at this address", code="calendar_feed_not_found")
    return dict(row)


async def declare_conflict(person_id: UUID, case_id: UUID, reason: str) -> None:
    async with write_transaction():
        await ensure_exists(Person, person_id, "person", "person_id")
        await ConflictDeclaration.insert(
            ConflictDeclaration(
                person=person_id, case_id=case_id, reason=reason, declared_at=datetime.now(UTC)
            )
        )
        await record_event(
            "person.conflict_declared", "person", person_id, {"case_id": str(case_id)}
        )


async def conflicted_people(case_id: UUID) -> frozenset[UUID]:
    rows = await ConflictDeclaration.select(ConflictDeclaration.person).where(
        ConflictDeclaration.case_id == case_id
    )
    return frozenset(row["person"] for row in rows)


def _jsonable(changes: dict[str, Any]) -> dict[str, Any]:
    return {key: str(value) if isinstance(value, UUID) else value for key, value in changes.items()}


# Accounts and tokens --------------------------------------------------------------------------


async def create_account(
    email: str, password: str, role: Role, person_id: UUID | None = None, *, demo: bool = False
) -> UUID:
    if len(password) < 8:
        raise RuleViolation(
            "password must have at least 8 characters", code="weak_password", field="password"
        )
    async with write_transaction():
        if await Account.exists().where(Account.email == email):
            raise Conflict(
                f"an account for {email} already exists", code="email_taken", field="email"
            )
        await ensure_exists(Person, person_id, "person", "person_id")
        account = Account(
            email=email,
            password_hash=hash_password(password),
            role=role.value,
            person=person_id,
            demo=demo,
        )
        await account.save()
        await record_event("account.created", "account", account.id, {"role": role.value})
    return UUID(str(account.id))


async def issue_token(email: str, password: str) -> IssuedToken:
    account = await Account.select().where(Account.email == email).first()
    if (
        account is None
        or not account["active"]
        or (account["demo"] and get_settings().is_production)
        or not password_matches(account["password_hash"], password)
    ):
        raise Unauthorized("email or password is wrong", code="invalid_credentials")
    token = secrets.token_urlsafe(32)
    ttl = get_settings().token_ttl_seconds
    async with write_transaction():
        await AccessToken.insert(
            AccessToken(
                id=uuid4(),
                token_sha256=_token_digest(token),
                account=account["id"],
                expires_at=datetime.now(UTC) + timedelta(seconds=ttl),
            )
        )
    return IssuedToken(access_token=token, expires_in=ttl)


async def authenticate(token: str) -> AuthenticatedAccount:
    row = (
        await AccessToken.select(
            AccessToken.expires_at,
            AccessToken.account.id.as_alias("account_id"),
            AccessToken.account.email.as_alias("email"),
            AccessToken.account.role.as_alias("role"),
            AccessToken.account.person.as_alias("person_id"),
            AccessToken.account.active.as_alias("active"),
        )
        .where(AccessToken.token_sha256 == _token_digest(token))
        .first()
    )
    if row is None or not row["active"] or row["expires_at"] <= datetime.now(UTC):
        raise Unauthorized("the bearer token is unknown or expired", code="invalid_token")
    return AuthenticatedAccount(
        account_id=row["account_id"],
        email=row["email"],
        role=Role(row["role"]),
        person_id=row["person_id"],
    )
