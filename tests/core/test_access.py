"""Who may act for whom: staff for anyone, a participant only for themselves."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.access import Role, Viewer, ensure_self_or_staff
from core.errors import Forbidden


def viewer(role: Role) -> Viewer:
    return Viewer(account_id=uuid4(), email="v@example.cn", role=role, person_id=uuid4())


def test_staff_act_for_anyone_and_participants_only_for_themselves() -> None:
    participant = viewer(Role.PARTICIPANT)
    ensure_self_or_staff(viewer(Role.COORDINATOR), uuid4())
    ensure_self_or_staff(participant, participant.person_id)

    for someone_else in (uuid4(), None):
        with pytest.raises(Forbidden) as caught:
            ensure_self_or_staff(participant, someone_else)
        assert (caught.value.code, caught.value.field) == ("not_your_record", "person_id")


def test_an_account_without_a_person_acts_for_nobody() -> None:
    archivist = Viewer(uuid4(), "a@example.cn", Role.ARCHIVIST, person_id=None)

    with pytest.raises(Forbidden):
        ensure_self_or_staff(archivist, None)
