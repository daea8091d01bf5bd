"""The record fragment's form bodies, field names as the record API's, and what each becomes."""

from __future__ import annotations

import msgspec

from core.errors import RuleViolation
from hearing.agreements.agreement import Decision, Signature, Term
from hearing.proceedings.service import NewPosition
from hearing.proceedings.steps.service import StepTaken
from ui.forms import PageForm
from ui.record.form_values import (
    REQUIRED,
    Repeated,
    ShortField,
    TextField,
    choice,
    date_value,
    optional_text,
    repeated,
    required_text,
    uuid_list,
    uuid_value,
)

#: Term rows the agreement form offers; rows left blank at the end are not terms.
TERM_ROWS = 3


class ConsentForm(PageForm):
    person_id: ShortField = ""
    #: "true" or "false", as the API's boolean.
    consent: ShortField = ""

    def given(self) -> bool:
        if self.consent not in ("true", "false"):
            raise RuleViolation("say whether they consent", code=REQUIRED, field="consent")
        return self.consent == "true"


class AdvanceForm(PageForm):
    step: ShortField = ""
    note: TextField = ""
    speakers: Repeated = msgspec.field(default_factory=list)
    recused: Repeated = msgspec.field(default_factory=list)

    def taken(self) -> StepTaken:
        return StepTaken(
            required_text(self.step, "step"),
            optional_text(self.note),
            uuid_list(self.recused, "recused"),
            uuid_list(self.speakers, "speakers"),
        )


class SkipForm(PageForm):
    step: ShortField = ""
    reason: TextField = ""


class AttendanceForm(PageForm):
    person_id: ShortField = ""
    status: ShortField = ""
    note: TextField = ""


class PositionForm(PageForm):
    person_id: ShortField = ""
    agenda_item: ShortField = ""
    statement: TextField = ""
    requests: TextField = ""
    evidence: TextField = ""
    legal_basis: TextField = ""

    def position(self) -> NewPosition:
        return NewPosition(
            person_id=uuid_value(self.person_id, "person_id"),
            agenda_item=required_text(self.agenda_item, "agenda_item"),
            statement=required_text(self.statement, "statement"),
            requests=optional_text(self.requests),
            evidence=optional_text(self.evidence),
            legal_basis=optional_text(self.legal_basis),
        )


class VoteForm(PageForm):
    person_id: ShortField = ""
    agenda_item: ShortField = ""
    view: ShortField = ""
    opinion: TextField = ""


class OutcomeForm(PageForm):
    agenda_item: ShortField = ""
    status: ShortField = ""
    terms: TextField = ""


class AgreementSignatureForm(PageForm):
    person_id: ShortField = ""
    decision: ShortField = ""
    reason: TextField = ""
    #: The version shown: a signature binds that exact text.
    version_sha256: ShortField = ""

    def signature(self) -> Signature:
        return Signature(
            uuid_value(self.person_id, "person_id"),
            choice(self.decision, Decision, "decision"),
            required_text(self.version_sha256, "version_sha256"),
            optional_text(self.reason),
        )


class AgreementForm(PageForm):
    facts: TextField = ""
    #: One disputed issue a line.
    disputed_issues: TextField = ""
    #: The terms' fields, one value a row (``terms[i]`` is row i).
    obligor_id: Repeated = msgspec.field(default_factory=list)
    obligation: Repeated = msgspec.field(default_factory=list)
    manner: Repeated = msgspec.field(default_factory=list)
    deadline: Repeated = msgspec.field(default_factory=list)

    def issues(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.disputed_issues.splitlines() if line.strip())

    def terms(self) -> tuple[Term, ...]:
        columns = [
            repeated(c) for c in (self.obligor_id, self.obligation, self.manner, self.deadline)
        ]
        rows = [
            [column[index] if index < len(column) else "" for column in columns]
            for index in range(max(len(column) for column in columns))
        ]
        # Only blank rows at the end are dropped, so row i stays terms[i] in a refusal.
        while rows and not any(value.strip() for value in rows[-1]):
            rows.pop()
        if not rows:
            raise RuleViolation(
                "an agreement has at least one term", code=REQUIRED, field="terms[0].obligation"
            )
        return tuple(
            Term(
                uuid_value(obligor, f"terms[{index}].obligor_id"),
                required_text(obligation, f"terms[{index}].obligation"),
                required_text(manner, f"terms[{index}].manner"),
                date_value(deadline, f"terms[{index}].deadline"),
            )
            for index, (obligor, obligation, manner, deadline) in enumerate(rows)
        )
