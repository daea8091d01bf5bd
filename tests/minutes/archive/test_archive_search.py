"""Searching sealed minutes, through the service: by document number, case, session title and
the day the session was held; archive readers only; drafts never listed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from core.access import Role, Viewer
from core.errors import Forbidden, RuleViolation
from minutes.archive import service as archive
from minutes.archive.service import ArchiveQuery
from tests.support.archive_world import sealed_mediation
from tests.support.minutes_builders import ARCHIVIST, STAFF, booked_session, built_minutes
from tests.support.viewers import viewer


async def _ids(query: ArchiveQuery, reader: Viewer = ARCHIVIST) -> list[UUID]:
    found, total = await archive.search_sealed_minutes(reader, query, 50, 0)
    assert total == len(found)
    return [entry.id for entry in found]


async def test_each_criterion_narrows_the_sealed_minutes_found(db) -> None:
    land = await sealed_mediation("S1", "征地补偿", "征地补偿调解", days_ahead=10)
    wages = await sealed_mediation("S2", "拖欠工资", "工资争议调解", days_ahead=20)
    draft = await built_minutes(await booked_session("S3"), datetime.now(UTC))

    everything = await _ids(ArchiveQuery())
    assert everything == [wages.minutes.id, land.minutes.id]  # the latest sealed first
    assert draft.id not in everything

    number = land.minutes.document_number
    assert number and number != wages.minutes.document_number
    assert await _ids(ArchiveQuery(document_number=number)) == [land.minutes.id]
    assert await _ids(ArchiveQuery(case="xf-s2")) == [wages.minutes.id]  # reference, any case
    assert await _ids(ArchiveQuery(case="征地")) == [land.minutes.id]  # or title
    assert await _ids(ArchiveQuery(session_title="工资")) == [wages.minutes.id]
    assert await _ids(ArchiveQuery(session_title="工资", case="征地")) == []

    land_day = land.session.start.date()
    assert await _ids(ArchiveQuery(held_from=land_day, held_to=land_day)) == [land.minutes.id]
    assert await _ids(ArchiveQuery(held_from=land_day + timedelta(days=1))) == [wages.minutes.id]
    assert await _ids(ArchiveQuery(held_to=land_day - timedelta(days=1))) == []


async def test_an_entry_says_what_its_sealed_record_says(db) -> None:
    land = await sealed_mediation("S4", "征地补偿", "征地补偿调解")
    (entry,), total = await archive.search_sealed_minutes(STAFF, ArchiveQuery(), 10, 0)
    assert total == 1
    assert (entry.case_reference, entry.case_title) == ("XF-S4", "征地补偿")
    assert (entry.session_title, entry.session_kind) == ("征地补偿调解", "mediation")
    assert entry.start == land.session.start
    assert entry.sealed_sha256 == land.minutes.sealed_sha256
    assert entry.version == land.minutes.version


async def test_a_participant_may_not_search_the_archive(db) -> None:
    with pytest.raises(Forbidden) as refused:
        await archive.search_sealed_minutes(viewer(Role.PARTICIPANT), ArchiveQuery(), 10, 0)
    assert refused.value.code == "role_not_allowed"


async def test_a_reversed_date_range_names_its_end(db) -> None:
    today = datetime.now(UTC).date()
    with pytest.raises(RuleViolation) as refused:
        await archive.search_sealed_minutes(
            ARCHIVIST, ArchiveQuery(held_from=today, held_to=today - timedelta(days=1)), 10, 0
        )
    assert (refused.value.code, refused.value.field) == ("date_range_reversed", "held_to")
