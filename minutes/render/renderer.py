"""Render a ``MinutesDocument`` to a reproducible PDF/A-3b carrying its record as JSON.

Importing WeasyPrint and loading fonts costs most of a second, so one ``MinutesRenderer`` is
built per process and reused: it keeps the font configuration, the Jinja2 environment and
the parsed stylesheets, the cut Chinese font declared in them (``cjk_font``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration

from core.settings import get_settings
from hearing.vocabulary import AttendanceStatus, ParticipantRole, SessionKind
from minutes.document import (
    RECORD_ATTACHMENT_NAME,
    MinutesDocument,
    MinutesParticipant,
    MinutesSignature,
    minutes_marker,
    record_json,
    sha256_hex,
)
from minutes.render.audit_sections import audit_context, seal_context
from minutes.render.cjk_font import font_face_css
from minutes.render.formatting import (
    LABELS,
    TEMPLATES_DIR,
    format_date,
    format_moment,
    format_session_time,
    label,
    parenthesised,
)
from minutes.render.gc_pacing import rarer_collections
from minutes.render.record_sections import (
    agreement_context,
    consent_rows,
    panel_items,
    procedure_context,
)
from minutes.seal_area import HEIGHT_MM, SEAL_AREA_ID, WIDTH_MM
from minutes.vocabulary import Decision

__all__ = ["LABELS", "MinutesRenderer", "build_context", "format_session_time"]


def _attendance_label(doc: MinutesDocument, participant: MinutesParticipant) -> str:
    """Attendance as recorded: a waiver, a withdrawal with its time, and the note (a
    withdrawal's reason) after it."""
    labels = LABELS[doc.locale]
    if participant.attendance is None:
        return labels["not_recorded"]
    # Domain rule 6: an unexplained absence of the petitioner is recorded as a waiver.
    waived = participant.waived or (
        doc.session_kind == SessionKind.PUBLIC_HEARING
        and participant.role == ParticipantRole.PETITIONER
        and participant.attendance == AttendanceStatus.ABSENT_UNEXCUSED
    )
    text = (
        labels["attendance.waived"]
        if waived
        else label(labels, "attendance", participant.attendance)
    )
    if participant.withdrew_at is not None:
        moment = format_moment(participant.withdrew_at, ZoneInfo(doc.timezone), doc.locale)
        text = parenthesised(text, moment, doc.locale)
    if participant.attendance_note:
        text += f"{labels['colon']}{participant.attendance_note}"
    return text


def _signature_row(
    doc: MinutesDocument, name: str, role: str, signature: MinutesSignature | None
) -> dict[str, Any]:
    labels = LABELS[doc.locale]
    signer = labels["signer"].format(name=name, role=label(labels, "role", role))
    if signature is None:
        return {
            "signer": signer,
            "decision": labels["decision.awaiting"],
            "reason": None,
            "signed_at": None,
            "version_sha256": None,
            "awaiting": True,
        }
    return {
        "signer": signer,
        "decision": label(labels, "decision", signature.decision),
        "reason": signature.reason if signature.decision == Decision.REFUSE else None,
        "signed_at": format_moment(signature.signed_at, ZoneInfo(doc.timezone), doc.locale),
        "version_sha256": signature.version_sha256 if signature.decision == Decision.SIGN else None,
        "awaiting": False,
    }


def _signature_rows(doc: MinutesDocument) -> list[dict[str, Any]]:
    """Every participant but observers signs (rule 10); the latest decision of each counts."""
    latest = {signature.person_id: signature for signature in doc.signatures}
    rows = []
    for participant in doc.participants:
        if participant.role == ParticipantRole.OBSERVER:
            continue
        signature = latest.pop(participant.person_id, None)
        rows.append(_signature_row(doc, participant.name, participant.role, signature))
    # A decision by someone no longer listed is still printed rather than silently lost.
    rows.extend(_signature_row(doc, sig.name, "", sig) for sig in latest.values())
    return rows


def _agenda(doc: MinutesDocument) -> list[dict[str, Any]]:
    labels = LABELS[doc.locale]
    roles = {participant.person_id: participant.role for participant in doc.participants}
    grouped: dict[str, list[dict[str, Any]]] = {}
    for position in doc.positions:
        role = roles.get(position.person_id)
        speaker = (
            labels["signer"].format(name=position.name, role=label(labels, "role", role))
            if role
            else position.name
        )
        grouped.setdefault(position.agenda_item, []).append(
            {
                "speaker": speaker,
                "statement": position.statement,
                "requests": position.requests,
                "evidence": position.evidence,
                "legal_basis": position.legal_basis,
            }
        )
    return [{"agenda_item": item, "positions": rows} for item, rows in grouped.items()]


def _participant_rows(doc: MinutesDocument) -> list[dict[str, str]]:
    labels = LABELS[doc.locale]
    return [
        {
            "name": participant.name,
            "role": label(labels, "role", participant.role),
            "organization": participant.organization or "",
            "attendance": _attendance_label(doc, participant),
        }
        for participant in doc.participants
    ]


def _outcome_rows(doc: MinutesDocument) -> list[dict[str, str]]:
    labels = LABELS[doc.locale]
    return [
        {
            "agenda_item": outcome.agenda_item,
            "status": label(labels, "outcome", outcome.status),
            "terms": outcome.terms or "",
        }
        for outcome in doc.outcomes
    ]


def _action_item_rows(doc: MinutesDocument) -> list[dict[str, str]]:
    labels = LABELS[doc.locale]
    return [
        {
            "title": item.title,
            "owner_organization": item.owner_organization,
            "due_date": format_date(item.due_date, doc.locale),
            "assignee": item.assignee or "",
            "status": label(labels, "action", item.status),
        }
        for item in doc.action_items
    ]


def _chair(doc: MinutesDocument) -> str:
    labels = LABELS[doc.locale]
    if doc.chair is None:
        return labels["not_recorded"]
    return labels["signer"].format(name=doc.chair.name, role=label(labels, "role", doc.chair.role))


def build_context(doc: MinutesDocument) -> dict[str, Any]:
    """Everything the template prints, already translated and formatted."""
    labels = LABELS[doc.locale]
    kind_heading = labels["minutes_of"].format(kind=label(labels, "kind", doc.session_kind))
    kind_heading = kind_heading[:1].upper() + kind_heading[1:]
    separator = labels["colon"]
    return {
        "lang": doc.locale,
        "t": labels,
        "doc": doc,
        "kind_heading": kind_heading,
        "chair": _chair(doc),
        "recorder": doc.recorder or labels["not_recorded"],
        "seal": seal_context(doc),
        "audit": audit_context(doc),
        "pdf_title": f"{kind_heading}{separator}{doc.session_title}",
        "marker": minutes_marker(doc.minutes_id, doc.version),
        "minutes_reference": labels["minutes_reference"].format(
            minutes_id=doc.minutes_id, version=doc.version
        ),
        "generated_at": doc.generated_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "when": format_session_time(doc),
        "place": " ".join(part for part in (doc.room, doc.address) if part)
        or labels["not_recorded"],
        "participants": _participant_rows(doc),
        "agenda": _agenda(doc),
        "procedure": procedure_context(doc),
        "consents": consent_rows(doc),
        "panel": panel_items(doc),
        "agreement": agreement_context(doc),
        "outcomes": _outcome_rows(doc),
        "action_items": _action_item_rows(doc),
        "signatures": _signature_rows(doc),
        "seal_area": {"id": SEAL_AREA_ID, "width_mm": WIDTH_MM, "height_mm": HEIGHT_MM},
    }


class MinutesRenderer:
    """Renders minutes to PDF/A-3b; build one per process and reuse it."""

    def __init__(self, font_dir: Path | None = None) -> None:
        """``font_dir`` keeps the cut Chinese font (default: ``<data_dir>/fonts``)."""
        self._font_config = FontConfiguration()
        self._font_faces = CSS(
            string=font_face_css(font_dir or get_settings().data_dir / "fonts"),
            font_config=self._font_config,
        )
        self._environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
            autoescape=jinja2.select_autoescape(["html"]),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._template = self._environment.get_template("minutes.html")
        self._stylesheet = CSS(
            filename=str(TEMPLATES_DIR / "minutes.css"), font_config=self._font_config
        )
        self._page_stylesheets = {
            locale: CSS(string=_page_footer_css(labels), font_config=self._font_config)
            for locale, labels in LABELS.items()
        }

    def render_html(self, doc: MinutesDocument) -> str:
        return self._template.render(build_context(doc))

    def render_pdf(self, doc: MinutesDocument) -> bytes:
        # WeasyPrint writes attachment dates with a literal "Z", so hand it naive UTC.
        generated_utc = doc.generated_at.astimezone(UTC).replace(tzinfo=None)
        record = Attachment(
            string=record_json(doc),
            name=RECORD_ATTACHMENT_NAME,
            description=minutes_marker(doc.minutes_id, doc.version),
            created=generated_utc,
            modified=generated_utc,
            relationship="Data",
        )
        with rarer_collections():
            pdf: bytes = HTML(string=self.render_html(doc)).write_pdf(
                stylesheets=[
                    self._font_faces,
                    self._stylesheet,
                    self._page_stylesheets[doc.locale],
                ],
                font_config=self._font_config,
                pdf_variant="pdf/a-3b",
                # The permanent half of the file identifier names this minutes version, not
                # its bytes.
                pdf_identifier=_document_identifier(doc).encode("ascii"),
                attachments=[record],
                finisher=_list_associated_files_once,
            )
        return pdf


def _list_associated_files_once(_document: object, pdf: Any) -> None:
    # WeasyPrint 70 puts each PDF/A-3 attachment into the catalog's /AF array twice (from the
    # name tree and from the file specification); one entry per file is what the standard means.
    associated = pdf.catalog.get("AF")
    if associated:
        associated[:] = list(dict.fromkeys(associated))


def _page_footer_css(labels: Mapping[str, str]) -> str:
    return f"@page {{ @bottom-right {{ content: {labels['page']} }} }}"


def _document_identifier(doc: MinutesDocument) -> str:
    return sha256_hex(minutes_marker(doc.minutes_id, doc.version).encode("utf-8"))[:32]
