"""The pure rules of the record: consent, attendance, agenda positions."""

from __future__ import annotations

import pytest

from core.errors import RuleViolation
from hearing.proceedings.attendance import waives_hearing, withdrawal_reason
from hearing.proceedings.consent import (
    check_consent_applies,
    check_every_party_consented,
    missing_consents,
    party_ids,
)
from hearing.proceedings.positions import check_on_agenda, next_version

PARTICIPANTS = [("p", "petitioner"), ("a", "agent"), ("d", "department"), ("m", "mediator")]


def test_the_parties_are_petitioners_agents_and_departments() -> None:
    assert party_ids(PARTICIPANTS) == ("p", "a", "d")


def test_consent_of_every_party_completes_the_step() -> None:
    check_every_party_consented(("p", "d"), {"p": True, "d": True, "m": False})


def test_a_missing_or_refused_consent_is_named() -> None:
    assert missing_consents(("p", "a", "d"), {"p": True, "a": False}) == ("a", "d")
    with pytest.raises(RuleViolation) as caught:
        check_every_party_consented(("p", "d"), {"p": True})
    assert (caught.value.code, caught.value.extra["missing"]) == ("consent_missing", ["d"])


def test_consent_is_asked_of_mediation_parties() -> None:
    check_consent_applies("mediation", "department")


def test_consent_is_not_asked_of_the_mediator() -> None:
    with pytest.raises(RuleViolation) as caught:
        check_consent_applies("mediation", "mediator")
    assert (caught.value.code, caught.value.field) == ("not_a_party", "person_id")


def test_consent_is_not_asked_at_a_hearing() -> None:
    with pytest.raises(RuleViolation) as caught:
        check_consent_applies("public_hearing", "petitioner")
    assert caught.value.code == "consent_not_applicable"


def test_an_unexcused_petitioner_waives_a_public_hearing() -> None:
    assert waives_hearing("public_hearing", "petitioner", "absent_unexcused")


@pytest.mark.parametrize(
    ("kind", "role", "status"),
    [
        ("public_hearing", "petitioner", "absent_excused"),
        ("public_hearing", "department", "absent_unexcused"),
        ("mediation", "petitioner", "absent_unexcused"),
    ],
)
def test_no_waiver_otherwise(kind: str, role: str, status: str) -> None:
    assert not waives_hearing(kind, role, status)


def test_a_party_withdrawal_carries_its_reason() -> None:
    assert withdrawal_reason("petitioner", "withdrew", " wants to sue ") == "wants to sue"


@pytest.mark.parametrize("note", [None, "  "])
def test_a_party_withdrawal_without_reason_is_refused(note: str | None) -> None:
    with pytest.raises(RuleViolation) as caught:
        withdrawal_reason("department", "withdrew", note)
    assert (caught.value.code, caught.value.field) == ("withdrawal_reason_required", "note")


def test_presence_or_a_non_party_leaving_is_no_withdrawal() -> None:
    assert withdrawal_reason("petitioner", "present", None) is None
    assert withdrawal_reason("recorder", "withdrew", None) is None


def test_a_position_on_the_agenda_is_accepted() -> None:
    check_on_agenda(("补偿标准", "安置方式"), "安置方式")


def test_a_position_off_the_agenda_is_refused() -> None:
    with pytest.raises(RuleViolation) as caught:
        check_on_agenda(("补偿标准",), "精神损失")
    assert (caught.value.code, caught.value.field) == ("unknown_agenda_item", "agenda_item")


def test_an_amendment_is_the_next_version() -> None:
    assert (next_version(None), next_version(1), next_version(4)) == (1, 2, 5)
