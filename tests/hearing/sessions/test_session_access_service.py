"""Who sees which session is decided by the service, from the viewer."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.access import Role
from core.errors import NotFound
from hearing.sessions import service as sessions
from hearing.sessions.session_rows import SessionFilter
from tests.support.builders import mediation_session
from tests.support.viewers import viewer


async def test_staff_list_every_session_a_participant_only_their_own(db) -> None:
    mine, _ = await mediation_session("a1")
    theirs, _ = await mediation_session("a2")
    petitioner = mine.participants[0].person_id

    everything, total = await sessions.list_sessions(viewer(Role.COORDINATOR), 50, 0)
    assert {s.id for s in everything} == {mine.id, theirs.id} and total == 2
    own, total = await sessions.list_sessions(viewer(Role.PARTICIPANT, petitioner), 50, 0)
    assert [s.id for s in own] == [mine.id] and total == 1


async def test_a_participant_asking_for_someone_elses_sessions_still_gets_only_their_own(
    db,
) -> None:
    mine, _ = await mediation_session("a3")
    theirs, _ = await mediation_session("a4")
    petitioner = mine.participants[0].person_id
    asked = SessionFilter(person_id=theirs.participants[0].person_id)

    found, _ = await sessions.list_sessions(viewer(Role.PARTICIPANT, petitioner), 50, 0, asked)
    assert [s.id for s in found] == [mine.id]


async def test_an_account_bound_to_no_person_sees_no_session(db) -> None:
    await mediation_session("a5")
    found, total = await sessions.list_sessions(viewer(Role.ARCHIVIST), 50, 0)
    assert found == [] and total == 0


async def test_someone_elses_session_is_as_unknown_as_a_missing_one(db) -> None:
    mine, _ = await mediation_session("a6")
    theirs, _ = await mediation_session("a7")
    petitioner = viewer(Role.PARTICIPANT, mine.participants[0].person_id)

    assert (await sessions.get_session_for(petitioner, mine.id)).id == mine.id
    for unseen in (theirs.id, uuid4()):
        with pytest.raises(NotFound) as caught:
            await sessions.get_session_for(petitioner, unseen)
        assert (caught.value.code, caught.value.field, caught.value.message) == (
            "session_not_found",
            "id",
            f"no session with id {unseen}",
        )
    assert (await sessions.get_session_for(viewer(Role.ADMIN), theirs.id)).id == theirs.id
