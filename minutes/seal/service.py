"""Use case: seal the minutes once everyone has answered."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from core.audit import record_event
from core.db import write_transaction
from core.errors import Conflict, RuleViolation
from hearing.jurisdictions.service import rules_for_case
from hearing.proceedings.service import session_record
from minutes.archive.content_store import content_store
from minutes.drafts.assembly import _document, signers_of
from minutes.drafts.service import (
    MinutesView,
    _current_version,
    _minutes_row,
    _signatures,
    get_minutes,
)
from minutes.render.service import render
from minutes.tables import Minutes


async def seal_minutes(minutes_id: UUID, now: datetime) -> MinutesView:
    """Render the final PDF with every signature or refusal, store it, and freeze the minutes.

    Everyone must have answered, unless the signing window has passed: then those who did not
    answer are recorded as not signed (rule 10).
    """
    minutes = await _minutes_row(minutes_id)
    if minutes["status"] == "sealed":
        raise Conflict("the minutes are already sealed", code="minutes_sealed", field="id")
    version = await _current_version(minutes)
    record = await session_record(minutes["session"])
    signatures = await _signatures(minutes_id, version["sha256"])
    answered = {row["person_id"] for row in signatures}
    pending = [p for p in signers_of(record) if p not in answered]
    signing_window = timedelta(days=(await rules_for_case(record.case.id)).signing_window_days)
    window_closed = now >= version["created_at"] + signing_window
    if pending and not window_closed:
        raise RuleViolation(
            f"{len(pending)} participant(s) have not answered and the signing window is open",
            code="signatures_missing",
            field="signatures",
            extra={"pending_signers": [str(p) for p in pending]},
        )
    not_signed = [
        {
            "person_id": p,
            "decision": "not_signed",
            "reason": None,
            "signed_at": now,
            "version_sha256": version["sha256"],
        }
        for p in pending
    ]
    document = await _document(minutes_id, minutes["version"], record, signatures + not_signed, now)
    sealed_pdf = await render(document)
    sealed_sha256 = content_store().put(sealed_pdf)
    async with write_transaction():
        current = await _minutes_row(minutes_id)
        if current["status"] == "sealed" or current["version"] != minutes["version"]:
            raise Conflict(
                "the minutes changed meanwhile; retry", code="minutes_changed", field="id"
            )
        if len(await _signatures(minutes_id, version["sha256"])) != len(signatures):
            raise Conflict(
                "signatures changed meanwhile; retry", code="minutes_changed", field="id"
            )
        await Minutes.update(
            {Minutes.status: "sealed", Minutes.sealed_sha256: sealed_sha256, Minutes.sealed_at: now}
        ).where(Minutes.id == minutes_id)
        await record_event(
            "minutes.sealed",
            "minutes",
            minutes_id,
            {"sealed_sha256": sealed_sha256, "not_signed": [str(p) for p in pending]},
        )
    return await get_minutes(minutes_id)
