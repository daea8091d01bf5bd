"""The archive catalogue: written at sealing as the sealed record names the case, and filled in
by its migration for minutes sealed before it existed."""

from __future__ import annotations

import importlib
import sqlite3
from datetime import UTC, date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import asyncpg
import pytest

from hearing.cases import service as cases
from hearing.tables import Case
from minutes.archive import catalogue_store
from minutes.archive import service as archive
from minutes.archive.catalogue import catalogue_entry, contains_pattern
from minutes.archive.service import ArchiveQuery
from minutes.seal import service as sealing
from minutes.store import minutes_row
from minutes.tables import ArchiveEntry
from tests.support.archive_world import sealed_mediation
from tests.support.minutes_builders import (
    ARCHIVIST,
    STAFF,
    answer_all,
    booked_session,
    built_minutes,
)

MIGRATION = importlib.import_module("minutes.piccolo_migrations.minutes_2026_12_02t14_30_00_000000")


async def _ids(query: ArchiveQuery) -> list[UUID]:
    found, total = await archive.search_sealed_minutes(ARCHIVIST, query, 50, 0)
    assert total == len(found)
    return [entry.id for entry in found]


async def _rename_case(reference: str, new_reference: str, new_title: str) -> None:
    row = await Case.select(Case.id).where(Case.reference == reference).first()
    assert row is not None
    await cases.update_case(row["id"], {"reference": new_reference, "title": new_title})


def test_the_day_held_is_the_local_day_in_the_sessions_own_zone() -> None:
    entry = catalogue_entry(
        {"start": "2027-01-04T17:30:00+00:00", "timezone": "Asia/Shanghai", "case_title": "甲"}
    )
    assert entry.held_on == date(2027, 1, 5)
    assert entry.start == datetime(2027, 1, 5, 1, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert catalogue_entry({"timezone": "Asia/Shanghai"}).held_on is None


def test_a_searched_wildcard_is_a_character() -> None:
    assert contains_pattern("XF_1%") == "%xf\\_1\\%%"
    assert contains_pattern("a\\b") == "%a\\\\b%"


async def test_minutes_whose_case_is_renamed_after_sealing_are_found_by_the_old_name(db) -> None:
    land = await sealed_mediation("R1", "征地补偿", "征地补偿调解")
    await _rename_case("XF-R1", "XF-NEW", "房屋拆迁")

    assert await _ids(ArchiveQuery(case="征地")) == [land.minutes.id]
    assert await _ids(ArchiveQuery(case="xf-r1")) == [land.minutes.id]
    assert await _ids(ArchiveQuery(case="拆迁")) == []
    assert await _ids(ArchiveQuery(case="XF-NEW")) == []
    (entry,), _ = await archive.search_sealed_minutes(ARCHIVIST, ArchiveQuery(), 10, 0)
    assert (entry.case_reference, entry.case_title) == ("XF-R1", "征地补偿")


async def test_an_underscore_or_percent_searched_matches_only_itself(db) -> None:
    await sealed_mediation("W1", "征地补偿", "征地补偿调解")
    assert await _ids(ArchiveQuery(document_number="_")) == []
    assert await _ids(ArchiveQuery(case="%")) == []


async def test_the_migration_catalogues_minutes_sealed_before_it_from_their_records(db) -> None:
    land = await sealed_mediation("B1", "征地补偿", "征地补偿调解", days_ahead=10)
    wages = await sealed_mediation("B2", "拖欠工资", "工资争议调解", days_ahead=20)
    listed_when_sealed, _ = await archive.search_sealed_minutes(ARCHIVIST, ArchiveQuery(), 10, 0)
    # A database as it stood before the migration: sealed minutes, no catalogue.
    await ArchiveEntry.raw("DROP TABLE minutes_archive_catalogue")
    await _rename_case("XF-B1", "XF-NEW", "房屋拆迁")

    await MIGRATION.create_catalogue()
    assert await _ids(ArchiveQuery()) == []
    await MIGRATION.catalogue_sealed_minutes()
    await MIGRATION.catalogue_sealed_minutes()  # a second run adds nothing

    listed, total = await archive.search_sealed_minutes(ARCHIVIST, ArchiveQuery(), 10, 0)
    assert (listed, total) == (listed_when_sealed, 2)
    assert [entry.id for entry in listed] == [wages.minutes.id, land.minutes.id]
    assert await _ids(ArchiveQuery(case="征地")) == [land.minutes.id]
    assert await _ids(ArchiveQuery(case="拆迁")) == []
    land_day = land.session.start.date()
    assert await _ids(ArchiveQuery(held_from=land_day, held_to=land_day)) == [land.minutes.id]
    number = wages.minutes.document_number
    assert number and await _ids(ArchiveQuery(document_number=number)) == [wages.minutes.id]


async def test_sealing_that_cannot_catalogue_the_minutes_leaves_them_unsealed(db) -> None:
    session = await booked_session("T1")
    now = session.start + timedelta(hours=2)
    minutes = await answer_all(await built_minutes(session, now), now)
    row = await minutes_row(minutes.id)
    # A catalogue row already there (the kind of fault a bug or a hand-written INSERT leaves).
    await catalogue_store.add_to_catalogue(row, {}, datetime.now(UTC), "0" * 64)

    with pytest.raises((sqlite3.IntegrityError, asyncpg.UniqueViolationError)):
        await sealing.seal_minutes(STAFF, minutes.id, now)

    after = await minutes_row(minutes.id)
    assert (after.is_sealed, after.sealed_sha256, after.sealed_at) == (False, None, None)
    assert await ArchiveEntry.count().where(ArchiveEntry.minutes == minutes.id) == 1
