"""Use case: seal the minutes once everyone has answered."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from core.access import Viewer
from core.audit import record_event
from core.db import write_transaction
from core.errors import Conflict
from hearing.jurisdictions.service import rules_for_case
from hearing.proceedings.service import SessionRecord, session_record
from hearing.sessions.service import freeze_session
from minutes.access import ensure_staff
from minutes.archive.catalogue_store import add_to_catalogue
from minutes.archive.content_store import content_store
from minutes.document import document_to_record
from minutes.drafts.assembly import Imprint, assemble_minutes
from minutes.drafts.service import MinutesView, get_minutes
from minutes.errors import minutes_changed, minutes_sealed
from minutes.public.service import store_public_version
from minutes.seal.institution import institution
from minutes.seal.readiness import ensure_ready_to_seal
from minutes.seal.sealed_pdf import sealed_pdf
from minutes.signing.signers import excused_absentees, pending_signers
from minutes.store import (
    MinutesRow,
    SignatureView,
    VersionRow,
    current_version,
    minutes_row,
    signatures_of,
    version_record,
)
from minutes.tables import Minutes
from minutes.vocabulary import Decision, MinutesStatus


async def seal_minutes(viewer: Viewer, minutes_id: UUID, now: datetime) -> MinutesView:
    """Render the final PDF with every signature or refusal, put the institution's seal on it,
    store it, and freeze the minutes.

    Everyone must have answered, unless the signing window has passed: then those who did not
    answer are recorded as not signed (rule 10). Those absent with an excuse are not waited
    for; unless they signed anyway, they are recorded as absent (excused).
    """
    ensure_staff(viewer, "seal minutes")
    minutes = await minutes_row(minutes_id)
    if minutes.is_sealed:
        raise minutes_sealed()
    version = await current_version(minutes)
    record = await session_record(minutes.session_id)
    signatures = await signatures_of(minutes_id, version.sha256)
    answered = [s.person_id for s in signatures]
    pending = pending_signers(record, answered)
    excused = excused_absentees(record, answered)
    window = timedelta(days=(await rules_for_case(record.case.id)).signing_window_days)
    ensure_ready_to_seal(pending, version.created_at, window, now)
    sealed_record = await _ensure_record_as_signed(minutes, version, record)
    printed = (
        signatures
        + _unanswered(pending, Decision.NOT_SIGNED, version.sha256, now)
        + _unanswered(excused, Decision.ABSENT_EXCUSED, version.sha256, now)
    )
    sealed_imprint = replace(
        _imprint_of(minutes, version), sealed=True, development_seal=institution().is_development
    )
    document = await assemble_minutes(
        minutes_id, minutes.version, record, printed, now, sealed_imprint
    )
    # The files are stored before the row says so: a crash in between leaves the minutes
    # unsealed and harmless orphan blobs, and sealing again simply produces a new seal.
    sealed_sha256 = content_store().put(await sealed_pdf(document))
    public_sha256 = await store_public_version(document)
    async with write_transaction():
        await _ensure_unchanged(minutes, signatures)
        await Minutes.update(
            {
                Minutes.status: MinutesStatus.SEALED,
                Minutes.sealed_sha256: sealed_sha256,
                Minutes.sealed_at: now,
                Minutes.public_sha256: public_sha256,
            }
        ).where(Minutes.id == minutes_id)
        await add_to_catalogue(minutes, sealed_record, now, sealed_sha256)
        await freeze_session(minutes.session_id, now)
        await record_event(
            "minutes.sealed",
            "minutes",
            minutes_id,
            {
                "sealed_sha256": sealed_sha256,
                "not_signed": [str(p) for p in pending],
                "absent_excused": [str(p) for p in excused],
            },
        )
    return await get_minutes(viewer, minutes_id)


async def _ensure_record_as_signed(
    minutes: MinutesRow, version: VersionRow, record: SessionRecord
) -> dict[str, Any]:
    """The sealed PDF is rendered from the record as it stands; it may not say anything the
    signers of this version did not see (a position amended after they signed, say). Returns
    the version's record, which is therefore what is sealed."""
    as_built = await assemble_minutes(
        minutes.id, version.version, record, (), version.created_at, _imprint_of(minutes, version)
    )
    signed = await version_record(version)
    if _canonical(document_to_record(as_built)) != _canonical(signed):
        raise Conflict(
            f"the record changed after version {version.version} of the minutes was built: "
            "build them again and have the new version signed",
            code="record_changed_since_build",
            field="id",
        )
    return signed


def _canonical(record: dict[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)


def _imprint_of(minutes: MinutesRow, version: VersionRow) -> Imprint:
    """The number and recorder the version was built with: the sealed minutes keep them."""
    return Imprint(document_number=minutes.document_number, recorder=version.recorder)


def _unanswered(
    people: tuple[UUID, ...], decision: Decision, version_sha256: str, now: datetime
) -> tuple[SignatureView, ...]:
    """Those who let the signing window pass, or were excused, as the sealed minutes print
    them."""
    return tuple(
        SignatureView(
            person_id=person_id,
            decision=decision,
            reason=None,
            version_sha256=version_sha256,
            signed_at=now,
        )
        for person_id in people
    )


async def _ensure_unchanged(read: MinutesRow, signatures: tuple[SignatureView, ...]) -> None:
    """The PDF was rendered outside the transaction: nothing it shows may have changed since."""
    current = await minutes_row(read.id)
    if current.is_sealed or current.version != read.version:
        raise minutes_changed()
    version = await current_version(current)
    if len(await signatures_of(read.id, version.sha256)) != len(signatures):
        raise Conflict("signatures changed meanwhile; retry", code="minutes_changed", field="id")
