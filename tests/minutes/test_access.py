"""The minutes access rules as pure functions: no database, no server."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.access import Role
from core.errors import Forbidden, NotFound
from minutes.access import (
    ensure_answers_for_self,
    ensure_archive_reader,
    ensure_may_read,
    ensure_staff,
    may_read,
)
from minutes.vocabulary import MinutesStatus
from tests.support.viewers import participant, viewer

ME, SOMEONE_ELSE = uuid4(), uuid4()
EVERY_STATUS = list(MinutesStatus)


@pytest.mark.parametrize("status", EVERY_STATUS)
@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_staff_read_minutes_in_every_status_of_any_session(
    role: Role, status: MinutesStatus
) -> None:
    assert may_read(viewer(role), status, frozenset())


@pytest.mark.parametrize("status", EVERY_STATUS)
def test_a_participant_reads_only_the_minutes_of_sessions_they_take_part_in(
    status: MinutesStatus,
) -> None:
    assert may_read(participant(ME), status, {SOMEONE_ELSE, ME})
    assert not may_read(participant(ME), status, {SOMEONE_ELSE})
    assert not may_read(viewer(Role.PARTICIPANT), status, {SOMEONE_ELSE})


def test_an_archivist_reads_sealed_minutes_only_even_of_a_session_they_sat_in() -> None:
    archivist = viewer(Role.ARCHIVIST, ME)
    assert may_read(archivist, MinutesStatus.SEALED, frozenset())
    assert not may_read(archivist, MinutesStatus.DRAFT, {ME})
    assert not may_read(archivist, MinutesStatus.SIGNING, {ME})


def test_minutes_a_viewer_may_not_read_are_reported_as_not_found() -> None:
    minutes_id = uuid4()
    with pytest.raises(NotFound) as hidden:
        ensure_may_read(participant(ME), minutes_id, MinutesStatus.SEALED, {SOMEONE_ELSE})
    assert hidden.value.code == "minutes_not_found"
    assert str(minutes_id) in hidden.value.message
    ensure_may_read(participant(ME), minutes_id, MinutesStatus.SEALED, {ME})


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.ARCHIVIST])
def test_only_staff_build_and_seal(role: Role) -> None:
    with pytest.raises(Forbidden) as refused:
        ensure_staff(viewer(role, ME), "seal minutes")
    assert refused.value.code == "role_not_allowed"
    assert role.value in refused.value.message
    ensure_staff(viewer(Role.ADMIN), "seal minutes")


def test_a_participant_answers_for_themselves_and_staff_for_anyone() -> None:
    ensure_answers_for_self(participant(ME), ME)
    ensure_answers_for_self(viewer(Role.COORDINATOR), SOMEONE_ELSE)
    with pytest.raises(Forbidden) as refused:
        ensure_answers_for_self(participant(ME), SOMEONE_ELSE)
    assert (refused.value.code, refused.value.field) == ("not_your_record", "person_id")


def test_participants_do_not_read_the_archive() -> None:
    for role in (Role.COORDINATOR, Role.ADMIN, Role.ARCHIVIST):
        ensure_archive_reader(viewer(role))
    with pytest.raises(Forbidden) as refused:
        ensure_archive_reader(participant(ME))
    assert refused.value.code == "role_not_allowed"
