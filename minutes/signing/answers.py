"""A participant's answer to a version of the minutes: sign, or refuse with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from core.errors import RuleViolation
from minutes.vocabulary import Decision


@dataclass(frozen=True)
class Answer:
    person_id: UUID
    decision: Decision
    #: The SHA-256 of the version the person read: an answer covers exactly that version.
    version_sha256: str
    reason: str | None = None

    @property
    def recorded_reason(self) -> str | None:
        """Only a refusal keeps its reason: a signature needs none."""
        return self.reason if self.decision == Decision.REFUSE else None


def ensure_well_formed(answer: Answer) -> None:
    if answer.decision in (Decision.NOT_SIGNED, Decision.ABSENT_EXCUSED):
        raise RuleViolation(
            "not signing is recorded at sealing for whoever did not answer; it is not an answer",
            code="invalid_decision",
            field="decision",
        )
    if answer.decision == Decision.REFUSE and not (answer.reason and answer.reason.strip()):
        raise RuleViolation(
            "a refusal to sign needs its reason", code="refusal_reason_required", field="reason"
        )
