"""Read back what ``MinutesRenderer`` wrote into a PDF: which minutes it is, and its record.

Used on files uploaded for archive verification, which may be anything: every reader here
answers ``None`` for input it cannot make sense of instead of raising.
"""

from __future__ import annotations

import json
import re
from io import BytesIO
from typing import Any

from pypdf import PdfReader

from minutes.document import MARKER_PREFIX, RECORD_ATTACHMENT_NAME

_MARKER = re.compile(re.escape(MARKER_PREFIX) + r":([0-9A-Za-z._-]+):v([1-9][0-9]{0,8})\b")


def _open(pdf: bytes) -> PdfReader | None:
    try:
        return PdfReader(BytesIO(pdf), strict=False)
    # pypdf raises a wide range of exception types on malformed input, not only PdfReadError.
    except Exception:
        return None


def identify_minutes(pdf: bytes) -> tuple[str, int] | None:
    """The (minutes_id, version) named in the PDF's keywords or subject, if any."""
    reader = _open(pdf)
    if reader is None:
        return None
    try:
        metadata = reader.metadata
        fields = [] if metadata is None else [metadata.get("/Keywords"), metadata.get("/Subject")]
    except Exception:
        return None
    for value in fields:
        match = _MARKER.search(str(value)) if value is not None else None
        if match:
            return match.group(1), int(match.group(2))
    return None


def embedded_record(pdf: bytes) -> dict[str, Any] | None:
    """The minutes record JSON attached to the PDF, decoded, if present and well formed."""
    reader = _open(pdf)
    if reader is None:
        return None
    try:
        contents = reader.attachments.get(RECORD_ATTACHMENT_NAME)
    except Exception:
        return None
    if not contents:
        return None
    try:
        record = json.loads(contents[0].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return record if isinstance(record, dict) else None
