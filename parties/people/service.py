"""Use cases for people, their calendar feeds and declared conflicts of interest."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from core.access import Viewer, ensure_self_or_staff
from core.audit import changed_fields, record_event
from core.crud import Row, all_of, delete_row, ensure_exists, fetch_one, fetch_page, update_row
from core.db import write_transaction
from core.errors import Conflict, NotFound
from core.fixed_select import FixedSelect
from core.settings import get_settings
from core.timezones import check_timezone
from parties.people.id_numbers import normalised_id_number
from parties.people.masking import masked_person
from parties.tables import ConflictDeclaration, Organization, Person
from parties.views import PersonView

#: Whether two people take part in one session, neither as a public observer; answered by
#: hearing, which parties cannot import (app.py wires it in).
ShareASession = Callable[[UUID, UUID], Awaitable[bool]]
#: Whether a case exists: cases are hearing's, and parties cannot import hearing.
CaseExists = Callable[[UUID], Awaitable[bool]]

#: Contact and identity data: in the audit log only the fact that it changed is kept.
PERSONAL_FIELDS = frozenset({"phone", "email", "id_number", "address"})

PERSON_COLUMNS = (
    Person.id,
    Person.name,
    Person.email,
    Person.phone,
    Person.id_number,
    Person.address,
    Person.timezone,
    Person.locale,
    Person.organization.as_alias("organization_id"),
    Person.calendar_feed_token,
)


_PEOPLE = FixedSelect(Person, PERSON_COLUMNS)


def _person_view(row: Row) -> PersonView:
    """The view of a row selected with PERSON_COLUMNS (whose aliases are the view's fields)."""
    return PersonView(**row)


def _new_feed_token() -> str:
    return secrets.token_urlsafe(32)


def calendar_feed_url(feed_token: str) -> str:
    return f"{get_settings().public_url}/api/v1/calendars/{feed_token}.ics"


@dataclass(frozen=True)
class PersonShown:
    """A person as one viewer may see them: personal data masked and ``calendar_feed_url``
    None unless they may see them in full."""

    person: PersonView
    calendar_feed_url: str | None


def sees_in_full(viewer: Viewer, person_id: UUID) -> bool:
    """Coordinators, administrators and the person themselves see their personal data."""
    return viewer.is_staff or viewer.is_person(person_id)


def shown_to(viewer: Viewer, person: PersonView) -> PersonShown:
    """The person as ``viewer`` may see them; the feed URL is as secret as a password."""
    if sees_in_full(viewer, person.id):
        return PersonShown(person, calendar_feed_url(person.calendar_feed_token))
    return PersonShown(masked_person(person), None)


def person_not_found(person_id: UUID) -> NotFound:
    return NotFound(f"no person with id {person_id}", code="person_not_found", field="id")


async def _ensure_email_free(email: str, except_id: UUID | None = None) -> None:
    query = Person.exists().where(Person.email == email)
    if except_id is not None:
        query = Person.exists().where((Person.email == email) & (Person.id != except_id))
    if await query:
        raise Conflict(
            f"a person with email {email} already exists", code="email_taken", field="email"
        )


def _checked_personal_data(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("id_number") is not None:
        return {**data, "id_number": normalised_id_number(data["id_number"])}
    return data


async def create_person(data: dict[str, Any]) -> PersonView:
    check_timezone(data.get("timezone") or "Asia/Shanghai")
    data = _checked_personal_data(data)
    async with write_transaction():
        await _ensure_email_free(data["email"])
        await ensure_exists(
            Organization, data.get("organization_id"), "organization", "organization_id"
        )
        person = Person(
            name=data["name"],
            email=data["email"],
            phone=data.get("phone"),
            id_number=data.get("id_number"),
            address=data.get("address"),
            timezone=data.get("timezone") or "Asia/Shanghai",
            locale=data.get("locale") or "zh-CN",
            organization=data.get("organization_id"),
            calendar_feed_token=_new_feed_token(),
        )
        await person.save()
        # The log references the person; their details stay in the directory, where they can
        # be corrected or erased.
        recorded = {key: value for key, value in data.items() if value is not None}
        await record_event("person.created", "person", person.id, changed_fields(recorded))
    return await get_person(person.id)


async def list_people(
    limit: int,
    offset: int,
    name: str | None = None,
    organization_id: UUID | None = None,
    email: str | None = None,
) -> tuple[list[PersonView], int]:
    where = all_of(
        [
            Person.name.ilike(f"%{name}%") if name else None,
            Person.organization == organization_id if organization_id else None,
            Person.email == email if email else None,
        ]
    )
    rows, total = await fetch_page(
        Person, PERSON_COLUMNS, where=where, limit=limit, offset=offset, order_by=Person.name
    )
    return [_person_view(row) for row in rows], total


async def get_person(person_id: UUID) -> PersonView:
    return _person_view(await fetch_one(Person, person_id, PERSON_COLUMNS, "person"))


async def person_for(
    viewer: Viewer, person_id: UUID, share_a_session: ShareASession
) -> PersonShown:
    """One person as ``viewer`` may see them: staff and the person in full, a participant the
    people of their own sessions masked; to anyone else the person is as unknown as a
    missing one (404), archivists included: their job needs no directory of people."""
    if not sees_in_full(viewer, person_id):
        participant = viewer.participant_person_id
        if participant is None or not await share_a_session(participant, person_id):
            raise person_not_found(person_id)
    return shown_to(viewer, await get_person(person_id))


async def get_people(person_ids: list[UUID]) -> dict[UUID, PersonView]:
    """Many people in one query, keyed by id; unknown ids are simply absent."""
    if not person_ids:
        return {}
    rows = await _PEOPLE.one_of(Person.id, person_ids)
    return {row["id"]: _person_view(row) for row in rows}


async def update_person(person_id: UUID, changes: dict[str, Any]) -> PersonView:
    if "timezone" in changes:
        check_timezone(changes["timezone"])
    changes = _checked_personal_data(changes)
    recorded = changed_fields(changes)
    async with write_transaction():
        if "email" in changes:
            await _ensure_email_free(changes["email"], except_id=person_id)
        if "organization_id" in changes:
            await ensure_exists(
                Organization, changes["organization_id"], "organization", "organization_id"
            )
            changes["organization"] = changes.pop("organization_id")
        await update_row(Person, person_id, changes, "person")
        await record_event("person.updated", "person", person_id, recorded)
    return await get_person(person_id)


async def delete_person(person_id: UUID) -> None:
    async with write_transaction():
        await delete_row(Person, person_id, "person")
        await record_event("person.deleted", "person", person_id)


async def rotate_calendar_feed(viewer: Viewer, person_id: UUID) -> PersonShown:
    """A new feed address, the old one unknown from now on: staff for anyone, a participant
    only their own."""
    ensure_self_or_staff(viewer, person_id)
    async with write_transaction():
        await update_row(Person, person_id, {"calendar_feed_token": _new_feed_token()}, "person")
        await record_event("person.calendar_feed_rotated", "person", person_id)
    return shown_to(viewer, await get_person(person_id))


async def person_by_feed_token(feed_token: str) -> PersonView:
    rows = await _PEOPLE.equal(Person.calendar_feed_token, feed_token)
    if not rows:
        raise NotFound("no calendar feed at this address", code="calendar_feed_not_found")
    return _person_view(rows[0])


async def declare_conflict(
    person_id: UUID, case_id: UUID, reason: str, now: datetime, case_exists: CaseExists
) -> None:
    """Record that the person has an interest in the case (they cannot sit on its panel)."""
    async with write_transaction():
        await ensure_exists(Person, person_id, "person", "person_id")
        if not await case_exists(case_id):
            raise NotFound(f"no case with id {case_id}", code="case_not_found", field="case_id")
        await ConflictDeclaration.insert(
            ConflictDeclaration(person=person_id, case_id=case_id, reason=reason, declared_at=now)
        )
        await record_event(
            "person.conflict_declared", "person", person_id, {"case_id": str(case_id)}
        )


async def conflicted_people(case_id: UUID) -> frozenset[UUID]:
    rows = await ConflictDeclaration.select(ConflictDeclaration.person).where(
        ConflictDeclaration.case_id == case_id
    )
    return frozenset(row["person"] for row in rows)


async def timezones_of(person_ids: list[UUID]) -> dict[UUID, str]:
    """Each known person's IANA time zone, by id: one query; unknown ids are left out."""
    rows = await Person.select(Person.id, Person.timezone).where(
        Person.id.is_in(person_ids or [UUID(int=0)])
    )
    return {row["id"]: row["timezone"] for row in rows}
