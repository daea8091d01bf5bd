"""Versions of the minutes through the service, on the engine DATABASE_URL selects: the list
and its statuses, each version's PDF, the diff, who may read them, and versions never change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from core.errors import NotFound, RuleViolation
from hearing.proceedings import service as proceedings
from hearing.proceedings.service import NewPosition
from hearing.proceedings.steps import service as steps
from hearing.sessions.views import SessionView
from minutes.archive.pdf_inspection import identify_minutes
from minutes.document import sha256_hex
from minutes.drafts import service as drafts
from minutes.seal import service as sealing
from minutes.signing import service as signing
from minutes.signing.answers import Answer
from minutes.tables import MinutesVersion
from minutes.versions import service as versions
from minutes.vocabulary import Decision, VersionStatus
from scheduling.booking import service as booking
from tests.support.builders import make_room, mediation_session
from tests.support.flow import next_weekday_at
from tests.support.minutes_builders import (
    ARCHIVIST,
    STAFF,
    answer_all,
    booked_session,
    built_minutes,
)
from tests.support.viewers import participant

ITEM = "补偿标准"
#: UTC, as the clock gives it: sealing compares the record's times as stored.
NOW = datetime.now(UTC)


def role_of(session: SessionView, role: str) -> UUID:
    return next(p.person_id for p in session.participants if p.role == role)


async def mediation_under_way(suffix: str) -> tuple[SessionView, datetime]:
    """A booked mediation whose parties consented, at its start: statements may be recorded."""
    session, _ = await mediation_session(suffix, agenda=[ITEM])
    start = next_weekday_at(10)
    await booking.book_session(
        session.id, start, await make_room(f"调解室 {suffix}"), start - timedelta(days=10)
    )
    for role in ("petitioner", "department"):
        await steps.record_consent(STAFF, session.id, role_of(session, role), True, start)
    await steps.advance_procedure(
        STAFF,
        session.id,
        steps.StepTaken("consent"),
        start,
        people_left=booking.release_removed_people,
    )
    return session, start


async def state(session: SessionView, role: str, statement: str, now: datetime) -> None:
    await proceedings.record_position(
        session.id, NewPosition(role_of(session, role), ITEM, statement), now
    )


async def two_versions(suffix: str) -> tuple[SessionView, UUID, datetime]:
    """Version 1 with both parties' positions; version 2 after the petitioner amended theirs."""
    session, start = await mediation_under_way(suffix)
    await state(session, "petitioner", "补偿标准过低", start)
    await state(session, "department", "补偿标准符合规定", start)
    first = await drafts.build_minutes(STAFF, session.id, start + timedelta(hours=2))
    await state(session, "petitioner", "补偿标准明显低于市场价", start + timedelta(hours=3))
    await drafts.build_minutes(STAFF, session.id, start + timedelta(hours=4))
    return session, first.id, start


async def test_the_list_names_every_version_and_only_the_current_one_is_not_superseded(
    db,
) -> None:
    session = await booked_session("v1")
    now = session.start
    first = await built_minutes(session, now)
    await signing.record_signature(
        STAFF, first.id, Answer(session.signers[0], Decision.SIGN, first.version_sha256), now
    )
    second = await built_minutes(session, now + timedelta(hours=1))
    signed = await signing.record_signature(
        STAFF, first.id, Answer(session.signers[1], Decision.SIGN, second.version_sha256), now
    )
    listed = await versions.list_versions(STAFF, first.id)
    assert [(v.version, v.version_sha256, v.status) for v in listed] == [
        (1, first.version_sha256, VersionStatus.SUPERSEDED),
        (2, signed.version_sha256, VersionStatus.SIGNING),
    ]
    assert [v.created_at for v in listed] == [now, now + timedelta(hours=1)]


async def test_the_versions_of_sealed_minutes_end_with_the_sealed_one(db) -> None:
    session = await booked_session("v2")
    await built_minutes(session, NOW)
    minutes = await answer_all(await built_minutes(session, NOW), NOW)
    await sealing.seal_minutes(STAFF, minutes.id, NOW)
    listed = await versions.list_versions(STAFF, minutes.id)
    assert [v.status for v in listed] == [VersionStatus.SUPERSEDED, VersionStatus.SEALED]
    # The superseded draft was never sealed: the archivist is shown the sealed version only.
    archived = await versions.list_versions(ARCHIVIST, minutes.id)
    assert [(v.version, v.status) for v in archived] == [(2, VersionStatus.SEALED)]


async def test_each_version_s_pdf_is_the_one_built_then(db) -> None:
    session = await booked_session("v3")
    first = await built_minutes(session, session.start)
    second = await built_minutes(session, session.start + timedelta(hours=1))
    for number, built in ((1, first), (2, second)):
        pdf, sha256 = await versions.version_pdf(STAFF, first.id, number)
        assert sha256 == built.version_sha256 == sha256_hex(pdf)
        assert identify_minutes(pdf) == (str(first.id), number)
    with pytest.raises(NotFound) as unknown:
        await versions.version_pdf(STAFF, first.id, 3)
    assert (unknown.value.code, unknown.value.field) == ("version_not_found", "version")


async def test_the_diff_shows_the_amended_position_and_nothing_else_of_the_record(db) -> None:
    _, minutes_id, _ = await two_versions("v4")
    changes = await versions.diff_versions(STAFF, minutes_id, "1", "2")
    by_path = {c.path: (c.before, c.after) for c in changes}
    assert by_path["positions[0].statement"] == ("补偿标准过低", "补偿标准明显低于市场价")
    assert by_path["version"] == (1, 2)
    assert not [p for p in by_path if p.startswith(("participants", "positions[1]"))]
    backwards = await versions.diff_versions(STAFF, minutes_id, "2", "1")
    assert {c.path: (c.after, c.before) for c in backwards} == by_path


async def test_a_version_compared_with_itself_has_no_changes(db) -> None:
    _, minutes_id, _ = await two_versions("v5")
    assert await versions.diff_versions(STAFF, minutes_id, "2", "2") == []


@pytest.mark.parametrize(
    ("first", "second", "code", "field"),
    [
        (None, "2", "version_required", "from"),
        ("1", None, "version_required", "to"),
        ("one", "2", "invalid_version_number", "from"),
        ("1", "0", "invalid_version_number", "to"),
        ("-1", "2", "invalid_version_number", "from"),
        ("1", "2.5", "invalid_version_number", "to"),
    ],
)
async def test_a_bad_version_number_is_refused_naming_the_parameter(
    db, first: str | None, second: str | None, code: str, field: str
) -> None:
    session = await booked_session("v6")
    minutes = await built_minutes(session, session.start)
    with pytest.raises(RuleViolation) as refused:
        await versions.diff_versions(STAFF, minutes.id, first, second)
    assert (refused.value.code, refused.value.field) == (code, field)


async def test_an_unknown_version_in_a_diff_is_not_found(db) -> None:
    session = await booked_session("v7")
    minutes = await built_minutes(session, session.start)
    with pytest.raises(NotFound) as unknown:
        await versions.diff_versions(STAFF, minutes.id, "1", "9")
    assert (unknown.value.code, unknown.value.field) == ("version_not_found", "to")


async def test_a_participant_of_another_session_and_an_archivist_before_sealing_see_nothing(
    db,
) -> None:
    mine = await booked_session("v8")
    theirs = await built_minutes(await booked_session("v8b"), mine.start)
    stranger = participant(mine.signers[0])
    for viewer in (stranger, ARCHIVIST):
        for attempt in (
            versions.list_versions(viewer, theirs.id),
            versions.version_pdf(viewer, theirs.id, 1),
            versions.diff_versions(viewer, theirs.id, "1", "1"),
        ):
            with pytest.raises(NotFound) as hidden:
                await attempt
            assert hidden.value.code == "minutes_not_found"
    own = await built_minutes(mine, mine.start)
    assert [v.version for v in await versions.list_versions(stranger, own.id)] == [1]


async def test_the_database_refuses_to_change_or_delete_a_built_version(db) -> None:
    session = await booked_session("v9")
    minutes = await built_minutes(session, session.start)
    with pytest.raises(Exception, match="never changes"):
        await MinutesVersion.update({MinutesVersion.sha256: "0" * 64}).where(
            MinutesVersion.minutes == minutes.id
        )
    with pytest.raises(Exception, match="never changes"):
        await MinutesVersion.delete().where(MinutesVersion.minutes == minutes.id)
    [kept] = await versions.list_versions(STAFF, minutes.id)
    assert kept.version_sha256 == minutes.version_sha256
