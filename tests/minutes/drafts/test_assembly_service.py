"""What minutes built from a real session record carry of its proceedings, on the engine
DATABASE_URL selects: the procedure, consent, withdrawal and the mediation agreement."""

from __future__ import annotations

from typing import Any

from hearing.agreements import service as agreements
from hearing.proceedings import service as proceedings
from hearing.proceedings.steps import service as steps
from minutes.archive.pdf_inspection import embedded_record
from minutes.drafts import service as drafts
from scheduling.booking import service as booking_service
from tests.hearing.agreements.test_agreement_service import (
    NOW,
    STAFF,
    content_of,
    mediation_with_department,
    role_of,
    sign_all,
)


async def _built_record(session_id: Any) -> Any:
    minutes = await drafts.build_minutes(STAFF, session_id, NOW)
    pdf, _ = await drafts.minutes_pdf(STAFF, minutes.id)
    return embedded_record(pdf)


async def test_minutes_carry_the_consent_the_procedure_and_the_effective_agreement(db) -> None:
    session = await mediation_with_department("as1")
    for role in ("petitioner", "department"):
        await steps.record_consent(STAFF, session.id, role_of(session, role), True, NOW)
    await steps.advance_procedure(
        STAFF,
        session.id,
        steps.StepTaken("consent"),
        NOW,
        people_left=booking_service.release_removed_people,
    )
    draft = await agreements.draft_agreement(STAFF, content_of(session, "征收补偿事实"), NOW)
    await sign_all(session, draft.version_sha256)

    record = await _built_record(session.id)

    consent, *rest = record["procedure"]
    assert (consent["key"], consent["title"], consent["status"]) == (
        "consent",
        "征询调解意愿",
        "done",
    )
    assert consent["ended_at"] == NOW.isoformat()
    assert [step["status"] for step in rest] == ["current", "pending", "pending"]
    assert [(c["name"], c["consent"]) for c in record["consents"]] == [
        ("张三", True),
        ("李科长", True),
    ]
    agreement = record["agreement"]
    assert (agreement["status"], agreement["facts"]) == ("effective", "征收补偿事实")
    assert agreement["version_sha256"] == draft.version_sha256
    assert agreement["terms"] == [
        {
            "obligor_id": str(role_of(session, "department")),
            "obligor": "李科长",
            "obligation": "重新核算",
            "manner": "书面报告",
            "deadline": "2027-06-01",
        }
    ]
    assert record["panel"] == [] and record["ended_reason"] is None


async def test_minutes_carry_a_withdrawal_with_its_time_and_reason(db) -> None:
    session = await mediation_with_department("as2")
    petitioner = role_of(session, "petitioner")
    await proceedings.record_attendance(session.id, petitioner, "withdrew", "另行起诉", NOW)

    record = await _built_record(session.id)

    withdrew = next(p for p in record["participants"] if p["person_id"] == str(petitioner))
    assert (withdrew["attendance"], withdrew["attendance_note"]) == ("withdrew", "另行起诉")
    assert withdrew["withdrew_at"] == NOW.isoformat()
    assert record["ended_reason"] == "party_withdrew"
    assert record["agreement"] is None
