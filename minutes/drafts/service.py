"""Use cases for minutes: build from the record, sign, seal, and verify archived copies."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any
from uuid import UUID

from core.audit import record_event
from core.db import write_transaction
from core.errors import Conflict, NotFound, RuleViolation
from core.settings import get_settings
from hearing.proceedings.service import SessionRecord, session_record
from hearing.sessions.composition import DEFAULT_RULES
from hearing.vocabulary import ParticipantRole
from minutes.archive.content_store import ContentStore
from minutes.archive.pdf_inspection import identify_minutes
from minutes.document import (
    MinutesActionItem,
    MinutesDocument,
    MinutesOutcome,
    MinutesParticipant,
    MinutesPosition,
    MinutesSignature,
    document_to_record,
    sha256_hex,
)
from minutes.render.renderer import MinutesRenderer
from minutes.tables import Minutes, MinutesVersion, Signature
from parties.people import service as parties
from scheduling.slots import service as scheduling

DEFAULT_TIMEZONE = "Asia/Shanghai"


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


@dataclass(frozen=True)
class SignatureCheck:
    signer: str
    person_id: UUID
    decision: str
    valid: bool


@dataclass(frozen=True)
class Verification:
    intact: bool
    minutes_id: UUID | None
    signatures: tuple[SignatureCheck, ...]
    problems: tuple[str, ...]
    sha256: str


@cache
def content_store() -> ContentStore:
    return ContentStore(get_settings().archive_dir)


_render_lock = threading.Lock()


@cache
def _renderer() -> MinutesRenderer:
    return MinutesRenderer()


def _render_blocking(doc: MinutesDocument) -> bytes:
    # One renderer per process, used by one thread at a time: WeasyPrint's font
    # configuration is not documented as thread-safe.
    with _render_lock:
        return _renderer().render_pdf(doc)


async def render(doc: MinutesDocument) -> bytes:
    """Render off the event loop: a PDF takes a few hundred milliseconds of CPU."""
    return await asyncio.to_thread(_render_blocking, doc)


def signers_of(record: SessionRecord) -> list[UUID]:
    """Every participant signs the minutes except observers (rule 10)."""
    return [p.person_id for p in record.session.participants if p.role != ParticipantRole.OBSERVER]


async def _document(
    minutes_id: UUID,
    version: int,
    record: SessionRecord,
    signatures: list[dict[str, Any]],
    now: datetime,
) -> MinutesDocument:
    session = record.session
    people = await parties.get_people([p.person_id for p in session.participants])
    organizations = await parties.get_organizations(
        [row["organization_id"] for row in people.values() if row["organization_id"]]
        + [item["owner_organization_id"] for item in record.action_items]
    )
    room = await _room(session.room_id)
    attendance = {row["person_id"]: row["status"] for row in record.attendance}

    def name(person_id: UUID | None) -> str:
        return people[person_id]["name"] if person_id in people else str(person_id)

    def organization_of(person_id: UUID) -> str | None:
        organization_id = people.get(person_id, {}).get("organization_id")
        return organizations[organization_id]["name"] if organization_id in organizations else None

    return MinutesDocument(
        minutes_id=str(minutes_id),
        version=version,
        session_id=str(session.id),
        session_kind=session.kind,
        session_title=session.title,
        case_reference=record.case["reference"],
        case_title=record.case["title"],
        locale=session.locale,
        start=session.start,
        end=session.end,
        timezone=room["timezone"] if room else DEFAULT_TIMEZONE,
        room=room["name"] if room else None,
        address=room["address"] if room else None,
        participants=tuple(
            MinutesParticipant(
                person_id=str(p.person_id),
                name=name(p.person_id),
                role=p.role,
                organization=organization_of(p.person_id),
                attendance=attendance.get(p.person_id),
            )
            for p in session.participants
        ),
        positions=tuple(
            MinutesPosition(
                person_id=str(row["person_id"]),
                name=name(row["person_id"]),
                agenda_item=row["agenda_item"],
                statement=row["statement"],
                requests=row["requests"],
                evidence=row["evidence"],
                legal_basis=row["legal_basis"],
            )
            for row in record.positions
        ),
        outcomes=tuple(
            MinutesOutcome(agenda_item=row["agenda_item"], status=row["status"], terms=row["terms"])
            for row in record.outcomes
        ),
        action_items=tuple(
            MinutesActionItem(
                title=row["title"],
                owner_organization=organizations[row["owner_organization_id"]]["name"],
                due_date=row["due_date"],
                assignee=name(row["assignee_id"]) if row["assignee_id"] else None,
                status=row["status"],
            )
            for row in record.action_items
        ),
        signatures=tuple(
            MinutesSignature(
                person_id=str(row["person_id"]),
                name=name(row["person_id"]),
                decision=row["decision"],
                reason=row["reason"],
                signed_at=row["signed_at"],
                version_sha256=row["version_sha256"],
            )
            for row in signatures
        ),
        generated_at=now,
    )


async def _room(room_id: UUID | None) -> dict[str, Any] | None:
    return await scheduling.get_room(room_id) if room_id else None


# Reading --------------------------------------------------------------------------------------


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


# Building, signing, sealing --------------------------------------------------------------------


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
    window_closed = now >= version["created_at"] + timedelta(days=DEFAULT_RULES.signing_window_days)
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


# Verification ---------------------------------------------------------------------------------


async def verify_pdf(pdf: bytes) -> Verification:
    sha256 = sha256_hex(pdf)
    minutes = await Minutes.select().where(Minutes.sealed_sha256 == sha256).first()
    problems: list[str] = []
    if minutes is None:
        identified = identify_minutes(pdf)
        if identified is None:
            return Verification(False, None, (), ("the file is not a Concord minutes PDF",), sha256)
        try:
            minutes_id = UUID(identified[0])
            minutes = await _minutes_row(minutes_id)
        except (ValueError, NotFound):
            return Verification(
                False, None, (), ("the file names minutes this archive does not hold",), sha256
            )
        if minutes["status"] != "sealed":
            problems.append("these minutes have not been sealed yet")
        else:
            problems.append(
                f"the file's SHA-256 {sha256} differs from the sealed original "
                f"{minutes['sealed_sha256']}: it has been altered"
            )
    else:
        try:
            content_store().get(sha256)
        except Exception as exc:  # the archive copy itself is damaged or missing
            problems.append(f"the archived original cannot be read back intact: {exc}")
    checks = await _signature_checks(minutes)
    return Verification(not problems, minutes["id"], checks, tuple(problems), sha256)


async def _signature_checks(minutes: dict[str, Any]) -> tuple[SignatureCheck, ...]:
    version = await _current_version(minutes)
    rows = await Signature.select(
        Signature.person.as_alias("person_id"), Signature.decision, Signature.version_sha256
    ).where(Signature.minutes == minutes["id"])
    people = await parties.get_people([row["person_id"] for row in rows])
    return tuple(
        SignatureCheck(
            signer=people[row["person_id"]]["name"]
            if row["person_id"] in people
            else str(row["person_id"]),
            person_id=row["person_id"],
            decision=row["decision"],
            valid=row["version_sha256"] == version["sha256"]
            and content_store().exists(version["sha256"]),
        )
        for row in rows
        if row["version_sha256"] == version["sha256"]
    )
