"""An answer to the minutes as plain data: a refusal needs its reason, a signature keeps none."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.errors import RuleViolation
from minutes.signing.answers import Answer, ensure_well_formed
from minutes.vocabulary import Decision

SHA = "a" * 64


@pytest.mark.parametrize("reason", [None, "", "  \n\t"])
def test_a_refusal_without_a_reason_is_refused(reason: str | None) -> None:
    with pytest.raises(RuleViolation) as refused:
        ensure_well_formed(Answer(uuid4(), Decision.REFUSE, SHA, reason))
    assert (refused.value.code, refused.value.field) == ("refusal_reason_required", "reason")


def test_a_refusal_keeps_its_reason_and_a_signature_drops_one() -> None:
    refusal = Answer(uuid4(), Decision.REFUSE, SHA, "the record is wrong")
    ensure_well_formed(refusal)
    assert refusal.recorded_reason == "the record is wrong"
    signature = Answer(uuid4(), Decision.SIGN, SHA, "happy to sign")
    ensure_well_formed(signature)
    assert signature.recorded_reason is None


def test_not_signed_is_no_answer_anyone_can_give() -> None:
    with pytest.raises(RuleViolation) as refused:
        ensure_well_formed(Answer(uuid4(), Decision.NOT_SIGNED, SHA))
    assert (refused.value.code, refused.value.field) == ("invalid_decision", "decision")
