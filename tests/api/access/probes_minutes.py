"""Probes of minutes (session A's draft, session C's sealed ones, a sealed public hearing's
public version), signing, versions, the signing page and the archive."""

from __future__ import annotations

from tests.api.access.probes import Probe

DRAFT = "/api/v1/minutes/{minutes}"
SEALED = "/api/v1/minutes/{sealed_minutes}"

PROBES = (
    Probe("getSessionMinutes", "GET", "/api/v1/sessions/{session}/minutes"),
    Probe("getSessionMinutes", "GET", "/api/v1/sessions/{sealed_session}/minutes", label="sealed"),
    Probe("getMinutes", "GET", DRAFT),
    Probe("getMinutes", "GET", SEALED, label="sealed"),
    Probe("getMinutesPdf", "GET", DRAFT + "/pdf"),
    Probe("getMinutesPdf", "GET", SEALED + "/pdf", label="sealed"),
    Probe("listMinutesVersions", "GET", DRAFT + "/versions"),
    Probe("listMinutesVersions", "GET", SEALED + "/versions", label="sealed"),
    Probe("getMinutesVersionPdf", "GET", DRAFT + "/versions/1/pdf"),
    Probe("getMinutesVersionPdf", "GET", SEALED + "/versions/1/pdf", label="sealed"),
    Probe("diffMinutesVersions", "GET", DRAFT + "/diff", params={"from": "1", "to": "1"}),
    Probe(
        "diffMinutesVersions",
        "GET",
        SEALED + "/diff",
        params={"from": "1", "to": "1"},
        label="sealed",
    ),
    Probe("getMinutesBag", "GET", SEALED + "/bag"),
    Probe("getPublicMinutesPdf", "GET", SEALED + "/public.pdf"),
    Probe(
        "getPublicMinutesPdf",
        "GET",
        "/api/v1/minutes/{public_minutes}/public.pdf",
        label="public_hearing",
    ),
    Probe("getSealCertificates", "GET", "/api/v1/archive/certificate"),
    Probe("searchArchivedMinutes", "GET", "/api/v1/archive/minutes"),
    Probe("verifyArchivedPdf", "POST", "/api/v1/archive/verify", upload="pdf"),
    Probe("showSigningPage", "GET", "/ui/p/{signing}"),
    Probe("getSigningPagePdf", "GET", "/ui/p/{signing}/minutes.pdf"),
    Probe("answerOnSigningPage", "POST", "/ui/p/{signing}", form={"decision": "sign"}),
    Probe(
        "recordSignature",
        "POST",
        DRAFT + "/signatures",
        json={
            "person_id": "{member}",
            "decision": "refuse",
            "reason": "面积有误",
            "version_sha256": "{version_sha256}",
        },
    ),
    Probe("buildMinutes", "POST", "/api/v1/sessions/{session}/minutes"),
    Probe("sealMinutes", "POST", DRAFT + "/seal"),
)
