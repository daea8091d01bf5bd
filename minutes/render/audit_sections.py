"""What the minutes print to be trusted: the DRAFT mark, the seal line, and the audit page
naming every signer, how they were identified, their decision and time, and the hashes."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from hearing.vocabulary import ParticipantRole
from minutes.document import MinutesDocument, MinutesSignature, record_sha256
from minutes.render.formatting import LABELS, format_audit_moment, format_moment, label
from minutes.vocabulary import Decision


def seal_context(doc: MinutesDocument) -> dict[str, str | None]:
    """The DRAFT watermark until sealed; then the seal line, and the development warning."""
    labels = LABELS[doc.locale]
    if not doc.sealed:
        return {"watermark": labels["watermark"], "sealed_by": None, "development": None}
    sealed_at = format_moment(doc.generated_at, ZoneInfo(doc.timezone), doc.locale)
    return {
        "watermark": None,
        "sealed_by": labels["sealed_by"].format(
            body=doc.issuing_body or labels["not_recorded"], time=sealed_at
        ),
        "development": labels["development_seal"] if doc.development_seal else None,
    }


def _audit_row(
    doc: MinutesDocument, name: str, role: str, signature: MinutesSignature | None
) -> dict[str, str | None]:
    labels = LABELS[doc.locale]
    signer = labels["signer"].format(name=name, role=label(labels, "role", role)) if role else name
    if signature is None:
        return {
            "signer": signer,
            "identified_by": None,
            "decision": labels["decision.awaiting"],
            "reason": None,
            "time": None,
            "version_sha256": None,
        }
    identified = signature.identified_by
    answered = signature.decision in (Decision.SIGN, Decision.REFUSE)
    return {
        "signer": signer,
        # Only an answer has a way its signer was identified; sealing records the others.
        "identified_by": label(labels, "identified", identified)
        if identified
        else labels["not_recorded"]
        if answered
        else None,
        "decision": label(labels, "decision", signature.decision),
        "reason": signature.reason,
        "time": format_audit_moment(signature.signed_at, doc.timezone),
        "version_sha256": signature.version_sha256,
    }


def audit_context(doc: MinutesDocument) -> dict[str, Any]:
    """Every signer in the session's order (a signer no longer listed last), and the hashes."""
    latest = {signature.person_id: signature for signature in doc.signatures}
    rows = [
        _audit_row(doc, p.name, p.role, latest.pop(p.person_id, None))
        for p in doc.participants
        if p.role != ParticipantRole.OBSERVER
    ]
    rows.extend(_audit_row(doc, sig.name, "", sig) for sig in latest.values())
    return {
        "rows": rows,
        "record_sha256": record_sha256(doc),
        "generated_at": format_audit_moment(doc.generated_at, doc.timezone),
    }
