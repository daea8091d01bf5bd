"""Use cases for minutes drafts: build a version from the record, and read the minutes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from core.access import Viewer
from core.audit import record_event
from core.db import write_transaction
from core.errors import Conflict, NotFound, RuleViolation
from hearing.jurisdictions.service import jurisdiction_of_case
from hearing.proceedings.service import SessionRecord, session_record
from minutes.access import ensure_may_read, ensure_staff, may_read
from minutes.archive.content_store import content_store
from minutes.document import document_to_record
from minutes.downloads import record_download
from minutes.drafts.assembly import Imprint, assemble_minutes, recorder_of
from minutes.drafts.document_numbers import document_number_for
from minutes.errors import minutes_changed, minutes_sealed
from minutes.render.service import render
from minutes.signing.requests import queue_signing_requests
from minutes.signing.signers import participants_of, pending_signers
from minutes.store import (
    MinutesRow,
    SignatureView,
    current_version,
    minutes_of_session,
    minutes_row,
    signatures_of,
    unsealed_minutes,
)
from minutes.tables import Minutes, MinutesVersion
from minutes.vocabulary import MinutesStatus


@dataclass(frozen=True)
class MinutesView:
    id: UUID
    session_id: UUID
    version: int
    version_sha256: str
    status: MinutesStatus
    sealed_sha256: str | None
    sealed_at: datetime | None
    #: The document number (文号) given at the first build.
    document_number: str | None
    #: The answers given for the current version, oldest first.
    signatures: tuple[SignatureView, ...]
    pending_signers: tuple[UUID, ...]


async def readable_minutes(viewer: Viewer, minutes_id: UUID) -> tuple[MinutesRow, SessionRecord]:
    """The minutes and the record of their session, if ``viewer`` may read them (else 404)."""
    minutes = await minutes_row(minutes_id)
    record = await session_record(minutes.session_id)
    ensure_may_read(viewer, minutes.id, minutes.status, participants_of(record))
    return minutes, record


async def get_minutes(viewer: Viewer, minutes_id: UUID) -> MinutesView:
    minutes, record = await readable_minutes(viewer, minutes_id)
    return await _view(minutes, record)


async def session_minutes(viewer: Viewer, session_id: UUID) -> MinutesView:
    """The session's current minutes; none yet, or none ``viewer`` may read: 404."""
    # Asked by session, the 404 names the session: the minutes' own id must not leak either.
    missing = NotFound(f"no minutes of session {session_id}", code="minutes_not_found", field="id")
    minutes = await minutes_of_session(session_id)
    if minutes is None:
        raise missing
    record = await session_record(session_id)
    if not may_read(viewer, minutes.status, participants_of(record)):
        raise missing
    return await _view(minutes, record)


async def minutes_awaiting_signatures(viewer: Viewer) -> list[MinutesView]:
    """The unsealed minutes ``viewer`` may read that still wait for someone's answer."""
    waiting = []
    for minutes in await unsealed_minutes():
        record = await session_record(minutes.session_id)
        if may_read(viewer, minutes.status, participants_of(record)):
            view = await _view(minutes, record)
            if view.pending_signers:
                waiting.append(view)
    return waiting


async def minutes_view(minutes_id: UUID) -> MinutesView:
    """The minutes, for a use case that has already decided who may read them (a signing link)."""
    minutes = await minutes_row(minutes_id)
    return await _view(minutes, await session_record(minutes.session_id))


async def _view(minutes: MinutesRow, record: SessionRecord) -> MinutesView:
    version = await current_version(minutes)
    signatures = await signatures_of(minutes.id, version.sha256)
    return MinutesView(
        id=minutes.id,
        session_id=minutes.session_id,
        version=minutes.version,
        version_sha256=version.sha256,
        status=minutes.status,
        sealed_sha256=minutes.sealed_sha256,
        sealed_at=minutes.sealed_at,
        document_number=minutes.document_number,
        signatures=signatures,
        # Sealing recorded everyone who had not answered: nobody is waited for any more.
        pending_signers=()
        if minutes.is_sealed
        else pending_signers(record, (s.person_id for s in signatures)),
    )


async def minutes_pdf(viewer: Viewer, minutes_id: UUID) -> tuple[bytes, str]:
    """The sealed PDF once sealed, else the current draft; with its SHA-256."""
    minutes, _ = await readable_minutes(viewer, minutes_id)
    sha256 = minutes.sealed_sha256 or (await current_version(minutes)).sha256
    data = content_store().get(sha256)
    await record_download(
        "minutes.pdf_downloaded",
        minutes.id,
        {"version": minutes.version, "sha256": sha256, "sealed": minutes.is_sealed},
    )
    return data, sha256


async def build_minutes(viewer: Viewer, session_id: UUID, now: datetime) -> MinutesView:
    """A new draft version from the session record (signatures of older versions lapse)."""
    ensure_staff(viewer, "build minutes")
    record = await session_record(session_id)
    existing = await minutes_of_session(session_id)
    _ensure_buildable(existing, record)
    minutes_id = existing.id if existing else uuid4()
    version = existing.version + 1 if existing else 1
    imprint = Imprint(
        document_number=await _document_number(record),
        recorder=await recorder_of(viewer),
    )
    document = await assemble_minutes(minutes_id, version, record, (), now, imprint)
    sha256 = content_store().put(await render(document))
    async with write_transaction():
        if existing is None:
            await _create_minutes(minutes_id, session_id, now, imprint.document_number)
        else:
            await _advance_version(existing, version, imprint.document_number)
        await MinutesVersion.insert(
            MinutesVersion(
                minutes=minutes_id,
                version=version,
                sha256=sha256,
                record=document_to_record(document),
                created_at=now,
                recorder=imprint.recorder,
            )
        )
        requested = await queue_signing_requests(minutes_id, version, sha256, record, now)
        await record_event(
            "minutes.built",
            "minutes",
            minutes_id,
            {"version": version, "sha256": sha256, "signing_requests": requested},
        )
    return await get_minutes(viewer, minutes_id)


def _ensure_buildable(existing: MinutesRow | None, record: SessionRecord) -> None:
    if existing is not None and existing.is_sealed:
        raise minutes_sealed()
    if record.session.start is None:
        raise RuleViolation(
            "the session has not been booked: there is nothing to minute",
            code="session_not_scheduled",
            field="id",
        )


async def _document_number(record: SessionRecord) -> str:
    assert record.session.start is not None, "checked by _ensure_buildable"
    jurisdiction = await jurisdiction_of_case(record.case.id)
    return await document_number_for(record.session.id, jurisdiction, record.session.start)


async def _create_minutes(
    minutes_id: UUID, session_id: UUID, now: datetime, document_number: str | None
) -> None:
    # The PDF was rendered outside the transaction: another build may have won the race.
    if await Minutes.exists().where(Minutes.session == session_id):
        raise Conflict("minutes were built concurrently; retry", code="minutes_exist", field="id")
    await Minutes.insert(
        Minutes(
            id=minutes_id,
            session=session_id,
            status=MinutesStatus.DRAFT,
            version=1,
            created_at=now,
            document_number=document_number,
        )
    )


async def _advance_version(existing: MinutesRow, version: int, document_number: str | None) -> None:
    """Make ``version`` current; the answers given for the one before no longer count."""
    current = await minutes_row(existing.id)
    if current.version != existing.version or current.is_sealed:
        raise minutes_changed()
    await Minutes.update(
        {
            Minutes.version: version,
            Minutes.status: MinutesStatus.DRAFT,
            # The session keeps its number; minutes built before numbering get theirs now.
            Minutes.document_number: document_number,
        }
    ).where(Minutes.id == existing.id)
