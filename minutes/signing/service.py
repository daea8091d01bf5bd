"""Use case: a participant signs or refuses to sign a version of the minutes."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from core.access import Viewer
from core.audit import record_event
from core.db import write_transaction
from core.errors import Conflict, RuleViolation
from minutes.access import ensure_answers_for_self
from minutes.drafts.service import MinutesView, get_minutes, readable_minutes
from minutes.errors import minutes_sealed
from minutes.signing.answers import Answer, ensure_well_formed
from minutes.signing.signers import signers_of
from minutes.store import current_version, minutes_row
from minutes.tables import Minutes, Signature
from minutes.vocabulary import Decision, MinutesStatus


async def record_signature(
    viewer: Viewer, minutes_id: UUID, answer: Answer, now: datetime
) -> MinutesView:
    """Record ``answer`` for the current version; a participant answers only for themselves."""
    _, record = await readable_minutes(viewer, minutes_id)
    ensure_answers_for_self(viewer, answer.person_id)
    ensure_well_formed(answer)
    async with write_transaction():
        await _ensure_current(minutes_id, answer.version_sha256)
        if answer.person_id not in signers_of(record):
            raise RuleViolation(
                "only participants other than observers sign the minutes",
                code="not_a_signer",
                field="person_id",
            )
        await _ensure_first_answer(minutes_id, answer)
        await Signature.insert(
            Signature(
                minutes=minutes_id,
                person=answer.person_id,
                decision=answer.decision,
                reason=answer.recorded_reason,
                version_sha256=answer.version_sha256,
                signed_at=now,
            )
        )
        await Minutes.update({Minutes.status: MinutesStatus.SIGNING}).where(
            Minutes.id == minutes_id
        )
        await record_event(
            f"minutes.{'signed' if answer.decision == Decision.SIGN else 'refused'}",
            "minutes",
            minutes_id,
            {"person_id": str(answer.person_id), "version_sha256": answer.version_sha256},
        )
    return await get_minutes(viewer, minutes_id)


async def _ensure_current(minutes_id: UUID, version_sha256: str) -> None:
    """The minutes are open for answers and ``version_sha256`` is their current version."""
    minutes = await minutes_row(minutes_id)
    if minutes.is_sealed:
        raise minutes_sealed()
    version = await current_version(minutes)
    if version_sha256 != version.sha256:
        raise Conflict(
            "this is not the current version of the minutes: fetch it again and sign that",
            code="stale_version",
            field="version_sha256",
            extra={"current_version_sha256": version.sha256},
        )


async def _ensure_first_answer(minutes_id: UUID, answer: Answer) -> None:
    if await Signature.exists().where(
        (Signature.minutes == minutes_id)
        & (Signature.person == answer.person_id)
        & (Signature.version_sha256 == answer.version_sha256)
    ):
        raise Conflict(
            "this person has already answered for this version",
            code="already_answered",
            field="person_id",
        )
