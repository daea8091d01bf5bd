"""The mediation agreement without a database: the hash of the exact content, who signs, and
the state signatures put it in."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date
from uuid import uuid4

import pytest

from core.errors import Conflict, RuleViolation
from hearing.agreements.agreement import (
    AgreementContent,
    AgreementStatus,
    Decision,
    Signature,
    Term,
    agreement_status,
    canonical_json,
    check_signature,
    check_terms,
    ensure_replaceable,
    pending_signers,
    signers,
    term_owners,
    version_sha256,
)

PETITIONER, DEPARTMENT, MEDIATOR, RECORDER = uuid4(), uuid4(), uuid4(), uuid4()
REQUIRED = (PETITIONER, DEPARTMENT, MEDIATOR)
TERM = Term(DEPARTMENT, "重新核算补偿款", "书面报告", date(2027, 6, 1))
CONTENT = AgreementContent(uuid4(), "事实", ("补偿标准",), (TERM,))
VERSION = version_sha256(CONTENT)


def _signed(person, decision=Decision.SIGN, version=VERSION, reason=None) -> Signature:
    return Signature(person, decision, version, reason)


def test_the_version_is_the_sha256_of_the_canonical_json() -> None:
    document = json.loads(canonical_json(CONTENT))
    assert document["terms"][0]["deadline"] == "2027-06-01"
    assert hashlib.sha256(canonical_json(CONTENT)).hexdigest() == VERSION
    assert b" " not in canonical_json(replace(CONTENT, facts="x"))


def test_the_same_content_always_hashes_the_same() -> None:
    assert version_sha256(replace(CONTENT)) == VERSION


@pytest.mark.parametrize(
    "changed",
    [
        replace(CONTENT, facts="事实。"),
        replace(CONTENT, disputed_issues=("补偿标准", "过渡费")),
        replace(CONTENT, terms=(replace(TERM, deadline=date(2027, 6, 2)),)),
        replace(CONTENT, session_id=uuid4()),
    ],
)
def test_any_change_of_content_changes_the_version(changed: AgreementContent) -> None:
    assert version_sha256(changed) != VERSION


def test_the_parties_and_the_mediator_sign_but_not_the_recorder() -> None:
    participants = [
        (PETITIONER, "petitioner"),
        (DEPARTMENT, "department"),
        (MEDIATOR, "mediator"),
        (RECORDER, "recorder"),
    ]
    assert signers(participants) == REQUIRED


def test_an_obligor_must_be_a_party() -> None:
    check_terms((TERM,), frozenset({PETITIONER, DEPARTMENT}))
    with pytest.raises(RuleViolation) as caught:
        check_terms((TERM, replace(TERM, obligor_id=MEDIATOR)), frozenset({DEPARTMENT}))
    assert (caught.value.code, caught.value.field) == ("obligor_not_a_party", "terms[1].obligor_id")


def test_a_term_is_owned_by_its_obligors_organisation() -> None:
    bureau = uuid4()
    assert term_owners((TERM,), {DEPARTMENT: bureau}, uuid4()) == (bureau,)


def test_a_petitioner_without_organisation_is_followed_up_by_the_mediators() -> None:
    centre = uuid4()
    term = replace(TERM, obligor_id=PETITIONER)
    assert term_owners((term,), {PETITIONER: None}, centre) == (centre,)


def test_a_term_nobody_could_follow_up_is_refused() -> None:
    with pytest.raises(RuleViolation) as caught:
        term_owners((replace(TERM, obligor_id=PETITIONER),), {PETITIONER: None}, None)
    assert (caught.value.code, caught.value.field) == ("term_owner_unknown", "terms[0].obligor_id")


def test_an_unsigned_agreement_is_a_draft() -> None:
    assert agreement_status(REQUIRED, [], VERSION) is AgreementStatus.DRAFT


def test_some_signatures_make_it_signing_and_all_make_it_effective() -> None:
    some = [_signed(PETITIONER), _signed(DEPARTMENT)]
    assert agreement_status(REQUIRED, some, VERSION) is AgreementStatus.SIGNING
    assert pending_signers(REQUIRED, some) == [MEDIATOR]
    every = [*some, _signed(MEDIATOR)]
    assert agreement_status(REQUIRED, every, VERSION) is AgreementStatus.EFFECTIVE


def test_signatures_on_another_version_do_not_count() -> None:
    old = [_signed(person, version="0" * 64) for person in REQUIRED]
    assert agreement_status(REQUIRED, old, VERSION) is AgreementStatus.DRAFT


def test_one_refusal_makes_it_refused() -> None:
    decided = [_signed(PETITIONER), _signed(DEPARTMENT, Decision.REFUSE, reason="标准过低")]
    assert agreement_status(REQUIRED, decided, VERSION) is AgreementStatus.REFUSED


def test_a_valid_signature_passes_every_check() -> None:
    check_signature(_signed(MEDIATOR), REQUIRED, (_signed(PETITIONER),), VERSION)


@pytest.mark.parametrize(
    ("signature", "already", "error", "code"),
    [
        (_signed(RECORDER), (), RuleViolation, "not_a_signer"),
        (_signed(MEDIATOR, version="f" * 64), (), Conflict, "stale_version"),
        (_signed(PETITIONER), (_signed(PETITIONER),), Conflict, "already_signed"),
        (_signed(MEDIATOR, Decision.REFUSE, reason="  "), (), RuleViolation, "reason_required"),
        (
            _signed(MEDIATOR),
            (_signed(PETITIONER, Decision.REFUSE, reason="不同意"),),
            Conflict,
            "agreement_closed",
        ),
    ],
)
def test_a_signature_is_refused_when_it_breaks_a_rule(signature, already, error, code) -> None:
    with pytest.raises(error) as caught:
        check_signature(signature, REQUIRED, already, VERSION)
    assert caught.value.code == code


def test_an_effective_agreement_takes_no_more_signatures() -> None:
    every = tuple(_signed(person) for person in REQUIRED)
    with pytest.raises(Conflict) as caught:
        check_signature(_signed(PETITIONER), REQUIRED, every, VERSION)
    assert caught.value.code == "agreement_closed"


def test_the_draft_can_be_replaced_only_before_anyone_decided() -> None:
    ensure_replaceable(())
    with pytest.raises(Conflict) as caught:
        ensure_replaceable((_signed(PETITIONER),))
    assert caught.value.code == "agreement_signing_started"
