"""Who may read which minutes, decided by the service: anyone else gets 404 minutes_not_found."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from core.access import Role, Viewer
from core.errors import NotFound
from minutes.drafts import service as drafts
from tests.support.minutes_builders import (
    ARCHIVIST,
    STAFF,
    booked_session,
    built_minutes,
    sealed_minutes,
)
from tests.support.viewers import participant, viewer

NOW = datetime.now(UTC)


async def assert_hidden(who: Viewer, minutes_id: UUID) -> None:
    with pytest.raises(NotFound) as hidden:
        await drafts.get_minutes(who, minutes_id)
    assert hidden.value.code == "minutes_not_found"
    with pytest.raises(NotFound) as hidden:
        await drafts.minutes_pdf(who, minutes_id)
    assert hidden.value.code == "minutes_not_found"


async def test_a_participant_reads_the_minutes_of_their_session_and_no_other(db) -> None:
    mine, theirs = await booked_session("a1"), await booked_session("a2")
    my_minutes = await built_minutes(mine, NOW)
    their_minutes = await built_minutes(theirs, NOW)
    me = participant(mine.signers[0])

    assert (await drafts.get_minutes(me, my_minutes.id)).id == my_minutes.id
    _, sha256 = await drafts.minutes_pdf(me, my_minutes.id)
    assert sha256 == my_minutes.version_sha256
    await assert_hidden(me, their_minutes.id)


async def test_a_participant_account_without_a_person_sees_no_minutes(db) -> None:
    minutes = await built_minutes(await booked_session("a3"), NOW)
    await assert_hidden(viewer(Role.PARTICIPANT), minutes.id)


async def test_staff_read_every_session_s_minutes(db) -> None:
    first = await built_minutes(await booked_session("a4"), NOW)
    second = await built_minutes(await booked_session("a5"), NOW)
    for staff in (STAFF, viewer(Role.ADMIN)):
        for minutes in (first, second):
            assert await drafts.get_minutes(staff, minutes.id) == minutes
            _, sha256 = await drafts.minutes_pdf(staff, minutes.id)
            assert sha256 == minutes.version_sha256


async def test_an_archivist_reads_sealed_minutes_but_not_drafts(db) -> None:
    draft = await built_minutes(await booked_session("a6"), NOW)
    sealed = await sealed_minutes(await booked_session("a7"), NOW)
    await assert_hidden(ARCHIVIST, draft.id)
    assert await drafts.get_minutes(ARCHIVIST, sealed.id) == sealed
    _, sha256 = await drafts.minutes_pdf(ARCHIVIST, sealed.id)
    assert sha256 == sealed.sealed_sha256


async def test_unknown_minutes_are_not_found_for_staff_too(db) -> None:
    await assert_hidden(STAFF, uuid4())
