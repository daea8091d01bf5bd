"""The minutes of a session as plain data, and its canonical JSON record.

The record JSON is embedded in the PDF/A so that an archived file carries the structured
minutes it was rendered from; its bytes must therefore be canonical (sorted keys, UTF-8,
no insignificant whitespace) so the same document always yields the same record.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.clock import require_aware
from core.errors import RuleViolation
from minutes.vocabulary import Decision

SUPPORTED_LOCALES = ("en", "zh-CN")
RECORD_FORMAT = "concord-minutes-record/1"
SIGNATURE_DECISIONS = tuple(Decision)
# The PDF names the minutes it holds with this marker in its keywords and subject, and
# carries the record under this attachment name; archive verification reads both back.
MARKER_PREFIX = "concord-minutes"
RECORD_ATTACHMENT_NAME = "minutes-record.json"


@dataclass(frozen=True)
class MinutesParticipant:
    person_id: str
    name: str
    role: str
    organization: str | None
    # An AttendanceStatus value, or None when attendance was not recorded.
    attendance: str | None
    #: The note recorded with the attendance: for a withdrawal, its reason.
    attendance_note: str | None = None
    #: The petitioner, absent without excuse from a public hearing, waived it (rule 6).
    waived: bool = False
    #: When the participant withdrew, as the procedure recorded it.
    withdrew_at: datetime | None = None


@dataclass(frozen=True)
class MinutesPosition:
    person_id: str
    name: str
    agenda_item: str
    statement: str
    requests: str | None
    evidence: str | None
    legal_basis: str | None


@dataclass(frozen=True)
class MinutesOutcome:
    agenda_item: str
    status: str
    terms: str | None


@dataclass(frozen=True)
class MinutesActionItem:
    title: str
    owner_organization: str
    due_date: date
    assignee: str | None
    status: str


@dataclass(frozen=True)
class MinutesStep:
    """A step of the order of proceedings; ``title`` is in the minutes' locale."""

    key: str
    title: str
    # A StepStatus value: pending, current, done or skipped.
    status: str
    started_at: datetime | None
    ended_at: datetime | None
    note: str | None
    skip_reason: str | None
    #: Names of the panel members whose recusal was granted at this step.
    recused: tuple[str, ...] = ()
    #: Names of those who spoke during the step.
    speakers: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("started_at", "ended_at"):
            moment = getattr(self, name)
            if moment is not None:
                require_aware(moment, name)


@dataclass(frozen=True)
class MinutesConsent:
    """A mediation party's answer to whether they consent to mediation (rule 4)."""

    person_id: str
    name: str
    consent: bool
    recorded_at: datetime

    def __post_init__(self) -> None:
        require_aware(self.recorded_at, "recorded_at")


@dataclass(frozen=True)
class MinutesPanelView:
    """One hearing officer's view on an agenda item, with their opinion."""

    person_id: str
    name: str
    # A PanelView value.
    view: str
    opinion: str | None


@dataclass(frozen=True)
class MinutesViewCount:
    view: str
    count: int


@dataclass(frozen=True)
class MinutesPanelItem:
    """The panel on one agenda item: every view, the counts, the result and each dissent."""

    agenda_item: str
    # A PanelResult value.
    result: str
    counts: tuple[MinutesViewCount, ...]
    views: tuple[MinutesPanelView, ...]
    dissents: tuple[MinutesPanelView, ...]
    panel_size: int


@dataclass(frozen=True)
class MinutesTerm:
    obligor_id: str
    obligor: str
    obligation: str
    manner: str
    deadline: date


@dataclass(frozen=True)
class MinutesAgreement:
    """The mediation agreement as it stands: its content and status (draft .. effective)."""

    status: str
    version_sha256: str
    facts: str
    disputed_issues: tuple[str, ...]
    terms: tuple[MinutesTerm, ...]


@dataclass(frozen=True)
class MinutesSignature:
    person_id: str
    name: str
    decision: str
    reason: str | None
    signed_at: datetime
    version_sha256: str
    #: How the signer was identified: "account" (logged in), "signing_link", or "staff" (a
    #: coordinator recorded the answer); None where it was not recorded.
    identified_by: str | None = None

    def __post_init__(self) -> None:
        if self.decision not in SIGNATURE_DECISIONS:
            raise RuleViolation(
                f"unknown signature decision {self.decision!r}",
                code="unknown_signature_decision",
                field="decision",
            )
        require_aware(self.signed_at, "signed_at")


@dataclass(frozen=True)
class MinutesChair:
    """Who presided: the presiding officer, the mediator, or the leading official."""

    name: str
    # A ParticipantRole value.
    role: str


@dataclass(frozen=True, kw_only=True)
class MinutesDocument:
    minutes_id: str
    version: int
    session_id: str
    session_kind: str
    session_title: str
    case_reference: str
    case_title: str
    locale: str
    start: datetime | None
    end: datetime | None
    timezone: str
    room: str | None
    address: str | None
    participants: tuple[MinutesParticipant, ...]
    positions: tuple[MinutesPosition, ...]
    outcomes: tuple[MinutesOutcome, ...]
    action_items: tuple[MinutesActionItem, ...]
    procedure: tuple[MinutesStep, ...] = ()
    #: Why the proceedings ended early (a mediation refused or withdrawn from), if they did.
    ended_reason: str | None = None
    consents: tuple[MinutesConsent, ...] = ()
    panel: tuple[MinutesPanelItem, ...] = ()
    agreement: MinutesAgreement | None = None
    #: The office that issues the minutes: the name of the case's jurisdiction.
    issuing_body: str = ""
    #: Given once per minutes, counted per jurisdiction and year, e.g. 2027 第0001号.
    document_number: str | None = None
    chair: MinutesChair | None = None
    #: Whoever built this version: the person behind the account, else the account itself.
    recorder: str | None = None
    #: The institution's final rendering; until then every page says DRAFT.
    sealed: bool = False
    #: Sealed with a generated development certificate, which the PDF must say plainly.
    development_seal: bool = False
    signatures: tuple[MinutesSignature, ...] = ()
    # Injected rather than read from a clock: it becomes the PDF creation date, which keeps
    # the rendering of one document reproducible byte for byte.
    generated_at: datetime

    def __post_init__(self) -> None:
        if self.locale not in SUPPORTED_LOCALES:
            raise RuleViolation(
                f"unsupported minutes locale {self.locale!r}",
                code="unsupported_locale",
                field="locale",
            )
        if self.version < 1:
            raise RuleViolation(
                "minutes versions start at 1", code="invalid_minutes_version", field="version"
            )
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise RuleViolation(
                f"unknown time zone {self.timezone!r}", code="unknown_timezone", field="timezone"
            ) from error
        require_aware(self.generated_at, "generated_at")
        if self.start is not None:
            require_aware(self.start, "start")
        if self.end is not None:
            require_aware(self.end, "end")


def _to_json_value(value: object) -> Any:
    # datetime before date: every datetime is also a date.
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_to_json_value(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {field.name: _to_json_value(getattr(value, field.name)) for field in fields(value)}
    return value


def document_to_record(doc: MinutesDocument) -> dict[str, object]:
    """The document as a JSON-ready dict, keys in declaration order, times as ISO 8601."""
    record: dict[str, object] = {"format": RECORD_FORMAT}
    record.update(_to_json_value(doc))
    return record


def record_json(doc: MinutesDocument) -> bytes:
    """Canonical JSON of the record: sorted keys, UTF-8, no insignificant whitespace."""
    return json.dumps(
        document_to_record(doc), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def record_sha256(doc: MinutesDocument) -> str:
    """The SHA-256 of the canonical record of ``doc``, as the audit page prints it."""
    return sha256_hex(record_json(doc))


def _optional_datetime(value: object) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))


def _participant(item: dict[str, Any]) -> MinutesParticipant:
    return MinutesParticipant(
        **{**item, "withdrew_at": _optional_datetime(item.get("withdrew_at"))}
    )


def _step(item: dict[str, Any]) -> MinutesStep:
    return MinutesStep(
        **{
            **item,
            "started_at": _optional_datetime(item["started_at"]),
            "ended_at": _optional_datetime(item["ended_at"]),
            "recused": tuple(item["recused"]),
            "speakers": tuple(item.get("speakers", ())),
        }
    )


def _panel_item(item: dict[str, Any]) -> MinutesPanelItem:
    return MinutesPanelItem(
        agenda_item=item["agenda_item"],
        result=item["result"],
        counts=tuple(MinutesViewCount(**count) for count in item["counts"]),
        views=tuple(MinutesPanelView(**view) for view in item["views"]),
        dissents=tuple(MinutesPanelView(**view) for view in item["dissents"]),
        panel_size=item["panel_size"],
    )


def _agreement(item: dict[str, Any] | None) -> MinutesAgreement | None:
    if item is None:
        return None
    return MinutesAgreement(
        status=item["status"],
        version_sha256=item["version_sha256"],
        facts=item["facts"],
        disputed_issues=tuple(item["disputed_issues"]),
        terms=tuple(
            MinutesTerm(**{**term, "deadline": date.fromisoformat(term["deadline"])})
            for term in item["terms"]
        ),
    )


def document_from_record(record: dict[str, Any]) -> MinutesDocument:
    """Rebuild a document from its record, the inverse of ``document_to_record``."""
    if record.get("format") != RECORD_FORMAT:
        raise RuleViolation(
            f"not a minutes record of format {RECORD_FORMAT}",
            code="unknown_record_format",
            field="format",
        )
    return MinutesDocument(
        minutes_id=record["minutes_id"],
        version=record["version"],
        session_id=record["session_id"],
        session_kind=record["session_kind"],
        session_title=record["session_title"],
        case_reference=record["case_reference"],
        case_title=record["case_title"],
        locale=record["locale"],
        start=_optional_datetime(record["start"]),
        end=_optional_datetime(record["end"]),
        timezone=record["timezone"],
        room=record["room"],
        address=record["address"],
        participants=tuple(_participant(item) for item in record["participants"]),
        positions=tuple(MinutesPosition(**item) for item in record["positions"]),
        outcomes=tuple(MinutesOutcome(**item) for item in record["outcomes"]),
        action_items=tuple(
            MinutesActionItem(**{**item, "due_date": date.fromisoformat(item["due_date"])})
            for item in record["action_items"]
        ),
        # Records written before the proceedings were minuted lack these sections: read empty.
        procedure=tuple(_step(item) for item in record.get("procedure", ())),
        ended_reason=record.get("ended_reason"),
        consents=tuple(
            MinutesConsent(**{**item, "recorded_at": datetime.fromisoformat(item["recorded_at"])})
            for item in record.get("consents", ())
        ),
        panel=tuple(_panel_item(item) for item in record.get("panel", ())),
        agreement=_agreement(record.get("agreement")),
        issuing_body=record.get("issuing_body", ""),
        document_number=record.get("document_number"),
        chair=MinutesChair(**record["chair"]) if record.get("chair") else None,
        recorder=record.get("recorder"),
        sealed=record.get("sealed", False),
        development_seal=record.get("development_seal", False),
        signatures=tuple(
            MinutesSignature(**{**item, "signed_at": datetime.fromisoformat(item["signed_at"])})
            for item in record["signatures"]
        ),
        generated_at=datetime.fromisoformat(record["generated_at"]),
    )


def minutes_marker(minutes_id: str, version: int) -> str:
    return f"{MARKER_PREFIX}:{minutes_id}:v{version}"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
