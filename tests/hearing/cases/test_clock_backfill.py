"""The migration that added the case clock gives cases registered before it their deadlines."""

from __future__ import annotations

import importlib
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from core.access import Role, Viewer
from hearing.cases import service as cases
from hearing.jurisdictions import service as jurisdictions
from hearing.jurisdictions.service import NewJurisdiction
from hearing.tables import Case

MIGRATION = importlib.import_module("hearing.piccolo_migrations.hearing_2026_12_01t21_10_00_000000")
ADMIN = Viewer(uuid4(), "admin@test.example", Role.ADMIN, None)
NOW = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)


async def old_case(
    reference: str, accepted_on: date | None, jurisdiction: UUID | None = None
) -> Case:
    """A case as stored before the migration: no deadlines."""
    case = Case(
        reference=reference,
        title="旧案",
        registered_on=date(2026, 11, 1),
        accepted_on=accepted_on,
        jurisdiction=jurisdiction,
        created_at=NOW,
    )
    await case.save()
    return case


async def test_old_cases_get_the_deadlines_of_their_jurisdictions_rules(db) -> None:
    county = await jurisdictions.create_jurisdiction(
        ADMIN, NewJurisdiction("County", "Asia/Shanghai", rules={"accept_days": 7}), NOW
    )
    pending = await old_case("OLD-1", None)
    accepted = await old_case("OLD-2", date(2026, 11, 10), county.id)
    await MIGRATION.backfill_case_clocks()

    first = await cases.get_case(pending.id)
    assert (first.acceptance_deadline, first.handling_deadline) == (date(2026, 11, 16), None)
    second = await cases.get_case(accepted.id)
    assert (second.acceptance_deadline, second.handling_deadline, second.amber_on) == (
        date(2026, 11, 8),
        date(2027, 1, 9),
        date(2026, 12, 25),
    )
