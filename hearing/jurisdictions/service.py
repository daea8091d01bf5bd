"""Use cases for jurisdictions: the default one, their rules, and who may change them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from piccolo.columns import Column

from core.access import Role, Viewer
from core.audit import record_event
from core.crud import Row
from core.db import write_transaction
from core.errors import Forbidden, NotFound
from core.settings import Settings, get_settings
from core.timezones import check_timezone
from hearing.jurisdictions.document_number import (
    DEFAULT_DOCUMENT_NUMBER_PATTERN,
    check_document_number_pattern,
)
from hearing.jurisdictions.rules import JurisdictionRules, rules_as_dict, rules_from
from hearing.tables import Case, Jurisdiction

#: A fixed id, so that every worker can create the default at start without racing the others,
#: and a case stored without a jurisdiction resolves to it without a lookup.
DEFAULT_JURISDICTION_ID = UUID("00000000-0000-0000-0000-00000000000d")


@dataclass(frozen=True)
class JurisdictionView:
    id: UUID
    name: str
    timezone: str
    holidays: tuple[date, ...]
    rules: JurisdictionRules
    #: How its minutes are numbered (see hearing.jurisdictions.document_number).
    document_number_pattern: str = DEFAULT_DOCUMENT_NUMBER_PATTERN


@dataclass(frozen=True)
class NewJurisdiction:
    name: str
    timezone: str
    holidays: tuple[date, ...] = ()
    #: Rule values by name; the missing ones take the defaults.
    rules: Mapping[str, int] = field(default_factory=dict)
    document_number_pattern: str = DEFAULT_DOCUMENT_NUMBER_PATTERN


def _view(row: Row) -> JurisdictionView:
    return JurisdictionView(
        id=row["id"],
        name=row["name"],
        timezone=row["timezone"],
        holidays=tuple(date.fromisoformat(day) for day in row["holidays"]),
        rules=rules_from(row["rules"]),
        document_number_pattern=row["document_number_pattern"],
    )


def _holidays_stored(holidays: tuple[date, ...]) -> list[str]:
    return sorted({day.isoformat() for day in holidays})


def _require_staff(viewer: Viewer) -> None:
    if not viewer.is_staff:
        raise Forbidden(
            f"the {viewer.role.value} role may not read jurisdictions", code="role_not_allowed"
        )


def _require_admin(viewer: Viewer) -> None:
    if viewer.role is not Role.ADMIN:
        raise Forbidden(
            "only administrators change jurisdictions (coordinators read them)",
            code="role_not_allowed",
        )


async def ensure_default_jurisdiction(settings: Settings, now: datetime) -> None:
    """Create the default jurisdiction from the settings unless it exists (changes are kept)."""
    check_timezone(settings.jurisdiction_timezone, "CONCORD_JURISDICTION_TIMEZONE")
    await Jurisdiction.insert(
        Jurisdiction(
            id=DEFAULT_JURISDICTION_ID,
            name=settings.jurisdiction_name,
            timezone=settings.jurisdiction_timezone,
            holidays=_holidays_stored(settings.holidays),
            rules=rules_as_dict(JurisdictionRules()),
            created_at=now,
        )
    ).on_conflict(action="DO NOTHING")


async def _stored(jurisdiction_id: UUID) -> JurisdictionView | None:
    row = (
        await Jurisdiction.select()
        .where(Jurisdiction.id == jurisdiction_id)
        .output(load_json=True)
        .first()
    )
    return None if row is None else _view(row)


def _default_from(settings: Settings) -> JurisdictionView:
    return JurisdictionView(
        id=DEFAULT_JURISDICTION_ID,
        name=settings.jurisdiction_name,
        timezone=settings.jurisdiction_timezone,
        holidays=settings.holidays,
        rules=JurisdictionRules(),
    )


async def get_jurisdiction(jurisdiction_id: UUID | None) -> JurisdictionView:
    """A jurisdiction by id, None meaning the default (internal read, no access check)."""
    found = await _stored(jurisdiction_id or DEFAULT_JURISDICTION_ID)
    if found is not None:
        return found
    if jurisdiction_id in (None, DEFAULT_JURISDICTION_ID):
        # Before the app first started (a command, a service test) the settings still hold it.
        return _default_from(get_settings())
    raise _not_found(jurisdiction_id, "id")


def _not_found(jurisdiction_id: UUID | None, field: str) -> NotFound:
    return NotFound(
        f"no jurisdiction with id {jurisdiction_id}", code="jurisdiction_not_found", field=field
    )


async def jurisdiction_of_case(case_id: UUID) -> JurisdictionView:
    """The case's jurisdiction, or the default for a case that names none, in one query."""
    of_case = Case.select(Case.jurisdiction).where(Case.id == case_id)
    rows = (
        await Jurisdiction.select()
        .where(Jurisdiction.id.is_in(of_case) | (Jurisdiction.id == DEFAULT_JURISDICTION_ID))
        .output(load_json=True)
    )
    found = {row["id"]: row for row in rows}
    own = next((row for key, row in found.items() if key != DEFAULT_JURISDICTION_ID), None)
    chosen = own or found.get(DEFAULT_JURISDICTION_ID)
    return _default_from(get_settings()) if chosen is None else _view(chosen)


async def rules_for_case(case_id: UUID) -> JurisdictionRules:
    """The rules of the case's jurisdiction, loaded once per use case."""
    return (await jurisdiction_of_case(case_id)).rules


async def rules_for_cases(case_ids: list[UUID]) -> dict[UUID, JurisdictionRules]:
    """The rules of each case's jurisdiction, in two queries whatever the number of cases."""
    if not case_ids:
        return {}
    cases = await Case.select(Case.id, Case.jurisdiction).where(Case.id.is_in(list(set(case_ids))))
    wanted = {row["jurisdiction"] or DEFAULT_JURISDICTION_ID for row in cases}
    rows = (
        await Jurisdiction.select()
        .where(Jurisdiction.id.is_in(list(wanted)))
        .output(load_json=True)
    )
    by_id = {row["id"]: _view(row).rules for row in rows}
    if DEFAULT_JURISDICTION_ID not in by_id:
        by_id[DEFAULT_JURISDICTION_ID] = _default_from(get_settings()).rules
    return {row["id"]: by_id[row["jurisdiction"] or DEFAULT_JURISDICTION_ID] for row in cases}


async def holidays_of_cases(case_ids: list[UUID]) -> frozenset[date]:
    """Every holiday of the cases' jurisdictions: a docket of sessions from several offices
    keeps clear of each one's closed days."""
    if not case_ids:
        return frozenset()
    of_cases = Case.select(Case.jurisdiction).where(Case.id.is_in(list(set(case_ids))))
    rows = (
        await Jurisdiction.select(Jurisdiction.holidays)
        .where(Jurisdiction.id.is_in(of_cases) | (Jurisdiction.id == DEFAULT_JURISDICTION_ID))
        .output(load_json=True)
    )
    if not rows:
        return frozenset(get_settings().holidays)
    return frozenset(date.fromisoformat(day) for row in rows for day in row["holidays"])


async def require_jurisdiction(jurisdiction_id: UUID, field: str) -> None:
    """Refuse an unknown jurisdiction named in a request, naming the request's ``field``."""
    if not await Jurisdiction.exists().where(Jurisdiction.id == jurisdiction_id):
        raise _not_found(jurisdiction_id, field)


async def list_jurisdictions(viewer: Viewer) -> list[JurisdictionView]:
    _require_staff(viewer)
    rows = await Jurisdiction.select().order_by(Jurisdiction.name).output(load_json=True)
    return [_view(row) for row in rows]


async def get_jurisdiction_for(viewer: Viewer, jurisdiction_id: UUID) -> JurisdictionView:
    _require_staff(viewer)
    return await get_jurisdiction(jurisdiction_id)


async def create_jurisdiction(
    viewer: Viewer, new: NewJurisdiction, now: datetime
) -> JurisdictionView:
    _require_admin(viewer)
    check_timezone(new.timezone)
    rules = rules_from(new.rules, field_prefix="rules.")
    check_document_number_pattern(new.document_number_pattern)
    async with write_transaction():
        jurisdiction = Jurisdiction(
            name=new.name,
            timezone=new.timezone,
            holidays=_holidays_stored(new.holidays),
            rules=rules_as_dict(rules),
            document_number_pattern=new.document_number_pattern,
            created_at=now,
        )
        await jurisdiction.save()
        await record_event(
            "jurisdiction.created", "jurisdiction", jurisdiction.id, {"name": new.name}
        )
    return await get_jurisdiction(jurisdiction.id)


async def update_jurisdiction(
    viewer: Viewer, jurisdiction_id: UUID, changes: Mapping[str, Any]
) -> JurisdictionView:
    """Change a jurisdiction; ``changes["rules"]`` holds only the rule values to change.

    New values govern bookings and clocks from now on; nothing already recorded changes.
    """
    _require_admin(viewer)
    async with write_transaction():
        current = await _stored(jurisdiction_id)
        if current is None:
            raise _not_found(jurisdiction_id, "id")
        values: dict[str, Any] = {}
        if "name" in changes:
            values["name"] = changes["name"]
        if "timezone" in changes:
            values["timezone"] = check_timezone(changes["timezone"])
        if "holidays" in changes:
            values["holidays"] = _holidays_stored(tuple(changes["holidays"]))
        if "document_number_pattern" in changes:
            values["document_number_pattern"] = check_document_number_pattern(
                changes["document_number_pattern"]
            )
        if "rules" in changes:
            merged = {**rules_as_dict(current.rules), **changes["rules"]}
            values["rules"] = rules_as_dict(rules_from(merged, field_prefix="rules."))
        if values:
            columns: dict[Column | str, Any] = dict(values.items())
            await Jurisdiction.update(columns).where(Jurisdiction.id == jurisdiction_id)
        await record_event(
            "jurisdiction.updated",
            "jurisdiction",
            jurisdiction_id,
            {str(k): v for k, v in values.items()},
        )
    return await get_jurisdiction(jurisdiction_id)
