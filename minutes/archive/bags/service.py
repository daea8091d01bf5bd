"""Use case: the archival package (a BagIt bag) of sealed minutes.

A bag holds what an archive needs to trust the minutes without Concord: the sealed PDF, the
record it was rendered from, and the audit trail of the minutes and their session.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from core.access import Viewer
from core.audit import AuditEntry, events_about
from core.db import in_thread
from core.errors import Conflict
from core.settings import get_settings
from minutes.access import ensure_archive_reader
from minutes.archive.bags.writer import BagPayload, write_bag, zip_bag
from minutes.archive.content_store import content_store
from minutes.archive.pdf_inspection import embedded_record
from minutes.document import sha256_hex
from minutes.downloads import record_download
from minutes.drafts.service import readable_minutes
from minutes.store import MinutesRow

PDF_NAME = "minutes.pdf"
RECORD_NAME = "record.json"
AUDIT_NAME = "audit.jsonl"
#: The bag-info.txt label carrying the SHA-256 of the sealed PDF (not one RFC 8493 reserves).
SEALED_SHA256_LABEL = "Sealed-SHA256"


@dataclass(frozen=True)
class BagZip:
    content: bytes
    filename: str


def minutes_not_sealed(minutes_id: UUID) -> Conflict:
    return Conflict(
        f"minutes {minutes_id} are not sealed: only sealed minutes are archived",
        code="minutes_not_sealed",
        field="id",
    )


def bag_name(minutes: MinutesRow) -> str:
    """The bag's directory name, in an export and at the top of its zip."""
    return str(minutes.id)


async def minutes_bag(viewer: Viewer, minutes_id: UUID, now: datetime) -> BagZip:
    """The bag of sealed minutes as a zip, for staff and archivists."""
    minutes, _ = await readable_minutes(viewer, minutes_id)
    # A participant may read their minutes but is no archive reader.
    ensure_archive_reader(viewer)
    payload = await bag_payload(minutes, now)
    content = await in_thread(_zipped, bag_name(minutes), payload)
    await record_download(
        "minutes.bag_downloaded",
        minutes.id,
        {"sha256": sha256_hex(content), "sealed_sha256": minutes.sealed_sha256},
    )
    return BagZip(content, f"minutes-{minutes.id}-bag.zip")


async def bag_payload(minutes: MinutesRow, now: datetime) -> BagPayload:
    """What the bag of sealed ``minutes`` holds, bagged on the local date of ``now``."""
    if not minutes.is_sealed or minutes.sealed_sha256 is None:
        raise minutes_not_sealed(minutes.id)
    sealed_sha256 = minutes.sealed_sha256
    pdf = await in_thread(content_store().get, sealed_sha256)
    record = embedded_record(pdf)
    if record is None:
        raise Conflict(
            f"the sealed PDF of minutes {minutes.id} carries no record",
            code="sealed_record_missing",
            field="id",
        )
    events = await events_about([("minutes", minutes.id), ("session", minutes.session_id)])
    settings = get_settings()
    bagged_on = now.astimezone(ZoneInfo(settings.jurisdiction_timezone)).date()
    return BagPayload(
        files={
            PDF_NAME: pdf,
            RECORD_NAME: canonical_json(record),
            AUDIT_NAME: audit_lines(events),
        },
        info={
            "Source-Organization": settings.organizer_name,
            "External-Identifier": str(minutes.id),
            "External-Description": _description(record),
            "Bagging-Date": bagged_on.isoformat(),
            SEALED_SHA256_LABEL: sealed_sha256,
            "Sealed-At": minutes.sealed_at.isoformat() if minutes.sealed_at else "",
            "Bag-Software-Agent": "Concord",
        },
    )


def canonical_json(value: object) -> bytes:
    """Sorted keys, UTF-8, no insignificant whitespace: as ``minutes.document.record_json``."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def audit_lines(events: tuple[AuditEntry, ...]) -> bytes:
    """One canonical JSON object per line, oldest first (JSON Lines)."""
    return b"".join(canonical_json(_event_json(event)) + b"\n" for event in events)


def _event_json(event: AuditEntry) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor": None if event.actor_account_id is None else str(event.actor_account_id),
        "action": event.action,
        "entity": event.entity,
        "entity_id": event.entity_id,
        "data": event.data,
    }


def _description(record: dict[str, Any]) -> str:
    return (
        f"Sealed minutes ({record.get('session_kind', '')}) of {record.get('session_title', '')}, "
        f"case {record.get('case_reference', '')}, version {record.get('version', '')}"
    )


def _zipped(name: str, payload: BagPayload) -> bytes:
    with tempfile.TemporaryDirectory(prefix="concord-bag-") as scratch:
        directory = Path(scratch) / name
        write_bag(directory, payload)
        return zip_bag(directory)
