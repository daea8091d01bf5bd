"""Use case: a participant signs or refuses to sign a version of the minutes."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from core.audit import record_event
from core.db import write_transaction
from core.errors import Conflict, RuleViolation
from hearing.proceedings.service import session_record
from minutes.drafts.assembly import signers_of
from minutes.drafts.service import MinutesView, _current_version, _minutes_row, get_minutes
from minutes.tables import Minutes, Signature


async def record_signature(
    minutes_id: UUID,
    person_id: UUID,
    decision: str,
    reason: str | None,
    version_sha256: str,
    now: datetime,
) -> MinutesView:
    if decision == "refuse" and not (reason and reason.strip()):
        raise RuleViolation(
            "a refusal to sign needs its reason", code="refusal_reason_required", field="reason"
        )
    async with write_transaction():
        minutes = await _minutes_row(minutes_id)
        if minutes["status"] == "sealed":
            raise Conflict("the minutes are sealed", code="minutes_sealed", field="id")
        version = await _current_version(minutes)
        if version_sha256 != version["sha256"]:
            raise Conflict(
                "this is not the current version of the minutes: fetch it again and sign that",
                code="stale_version",
                field="version_sha256",
                extra={"current_version_sha256": version["sha256"]},
            )
        record = await session_record(minutes["session"])
        if person_id not in signers_of(record):
            raise RuleViolation(
                "only participants other than observers sign the minutes",
                code="not_a_signer",
                field="person_id",
            )
        if await Signature.exists().where(
            (Signature.minutes == minutes_id)
            & (Signature.person == person_id)
            & (Signature.version_sha256 == version_sha256)
        ):
            raise Conflict(
                "this person has already answered for this version",
                code="already_answered",
                field="person_id",
            )
        await Signature.insert(
            Signature(
                minutes=minutes_id,
                person=person_id,
                decision=decision,
                reason=reason if decision == "refuse" else None,
                version_sha256=version_sha256,
                signed_at=now,
            )
        )
        await Minutes.update({Minutes.status: "signing"}).where(Minutes.id == minutes_id)
        await record_event(
            f"minutes.{'signed' if decision == 'sign' else 'refused'}",
            "minutes",
            minutes_id,
            {"person_id": str(person_id), "version_sha256": version_sha256},
        )
    return await get_minutes(minutes_id)
