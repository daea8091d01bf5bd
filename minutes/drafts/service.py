"""Use cases for minutes drafts: build a version from the record and read it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from core.audit import record_event
from core.db import write_transaction
from core.errors import Conflict, NotFound, RuleViolation
from hearing.proceedings.service import session_record
from minutes.archive.content_store import content_store
from minutes.document import (
    document_to_record,
)
from minutes.drafts.assembly import _document, signers_of
from minutes.render.service import render
from minutes.tables import Minutes, MinutesVersion, Signature


@dataclass(frozen=True)
class MinutesView:
    id: UUID
    session_id: UUID
    version: int
    version_sha256: str
    status: str
    sealed_sha256: str | None
    sealed_at: datetime | None
    signatures: tuple[dict[str, Any], ...]
    pending_signers: tuple[UUID, ...]


async def _minutes_row(minutes_id: UUID) -> dict[str, Any]:
    row = await Minutes.select().where(Minutes.id == minutes_id).first()
    if row is None:
        raise NotFound(f"no minutes with id {minutes_id}", code="minutes_not_found", field="id")
    return dict(row)


async def _current_version(minutes: dict[str, Any]) -> dict[str, Any]:
    row = (
        await MinutesVersion.select()
        .where(
            (MinutesVersion.minutes == minutes["id"])
            & (MinutesVersion.version == minutes["version"])
        )
        .first()
    )
    assert row is not None, "every minutes row has its current version"
    return dict(row)


async def _signatures(minutes_id: UUID, version_sha256: str) -> list[dict[str, Any]]:
    rows = (
        await Signature.select(
            Signature.person.as_alias("person_id"),
            Signature.decision,
            Signature.reason,
            Signature.version_sha256,
            Signature.signed_at,
        )
        .where((Signature.minutes == minutes_id) & (Signature.version_sha256 == version_sha256))
        .order_by(Signature.signed_at)
    )
    return list(rows)


async def get_minutes(minutes_id: UUID) -> MinutesView:
    minutes = await _minutes_row(minutes_id)
    version = await _current_version(minutes)
    signatures = await _signatures(minutes_id, version["sha256"])
    record = await session_record(minutes["session"])
    answered = {row["person_id"] for row in signatures}
    return MinutesView(
        id=minutes["id"],
        session_id=minutes["session"],
        version=minutes["version"],
        version_sha256=version["sha256"],
        status=minutes["status"],
        sealed_sha256=minutes["sealed_sha256"],
        sealed_at=minutes["sealed_at"],
        signatures=tuple(signatures),
        pending_signers=tuple(p for p in signers_of(record) if p not in answered),
    )


async def minutes_pdf(minutes_id: UUID) -> tuple[bytes, str]:
    """The sealed PDF once sealed, else the current draft; with its SHA-256."""
    minutes = await _minutes_row(minutes_id)
    sha256 = minutes["sealed_sha256"] or (await _current_version(minutes))["sha256"]
    return content_store().get(sha256), sha256


async def build_minutes(session_id: UUID, now: datetime) -> MinutesView:
    """A new draft version from the session record (signatures of older versions lapse)."""
    record = await session_record(session_id)
    existing = await Minutes.select().where(Minutes.session == session_id).first()
    if existing is not None and existing["status"] == "sealed":
        raise Conflict(
            "the minutes are sealed and cannot change", code="minutes_sealed", field="id"
        )
    if record.session.start is None:
        raise RuleViolation(
            "the session has not been booked: there is nothing to minute",
            code="session_not_scheduled",
            field="id",
        )
    minutes_id = existing["id"] if existing else UUID(int=0)
    version = existing["version"] + 1 if existing else 1
    if existing is None:
        minutes = Minutes(session=session_id, status="draft", version=1, created_at=now)
        minutes_id = minutes.id
    document = await _document(minutes_id, version, record, [], now)
    pdf = await render(document)
    sha256 = content_store().put(pdf)
    async with write_transaction():
        if existing is None:
            if await Minutes.exists().where(Minutes.session == session_id):
                raise Conflict(
                    "minutes were built concurrently; retry", code="minutes_exist", field="id"
                )
            await minutes.save()
        else:
            current = await _minutes_row(minutes_id)
            if current["version"] != existing["version"] or current["status"] == "sealed":
                raise Conflict(
                    "the minutes changed meanwhile; retry", code="minutes_changed", field="id"
                )
            await Minutes.update({Minutes.version: version, Minutes.status: "draft"}).where(
                Minutes.id == minutes_id
            )
        await MinutesVersion.insert(
            MinutesVersion(
                minutes=minutes_id,
                version=version,
                sha256=sha256,
                record=document_to_record(document),
                created_at=now,
            )
        )
        await record_event(
            "minutes.built", "minutes", minutes_id, {"version": version, "sha256": sha256}
        )
    return await get_minutes(minutes_id)
