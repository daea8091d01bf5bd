"""Jurisdictions, cases, sessions and the record kept during a session."""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    UUID,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

from hearing.jurisdictions.document_number import DEFAULT_DOCUMENT_NUMBER_PATTERN

# Foreign keys into the parties app, named rather than imported: hearing depends on parties'
# schema (see migration_dependencies), not on its table classes.
Person = LazyTableReference("Person", app_name="parties")
Organization = LazyTableReference("Organization", app_name="parties")


class Jurisdiction(Table, tablename="jurisdictions"):
    id = UUID(primary_key=True)
    name = Varchar(length=200)
    timezone = Varchar(length=64, default="Asia/Shanghai")
    #: ISO dates on which every office of the jurisdiction is closed.
    holidays = JSON(default="[]")
    #: The rule values of DESIGN.md part 2 by name (see hearing.jurisdictions.rules).
    rules = JSON(default="{}")
    #: How its minutes are numbered (see hearing.jurisdictions.document_number).
    document_number_pattern = Varchar(length=100, default=DEFAULT_DOCUMENT_NUMBER_PATTERN)
    created_at = Timestamptz()


class Case(Table, tablename="cases"):
    id = UUID(primary_key=True)
    reference = Varchar(length=60, unique=True)
    title = Varchar(length=300)
    summary = Text(null=True, default=None)
    confidentiality = Varchar(length=30, default="none")
    registered_on = Date()
    accepted_on = Date(null=True, default=None)
    investigator: ForeignKey[Table] = ForeignKey(Person, null=True, on_delete=OnDelete.set_null)
    #: None: the case belongs to the default jurisdiction.
    jurisdiction = ForeignKey(Jurisdiction, null=True, default=None, on_delete=OnDelete.restrict)
    created_at = Timestamptz()
    # The case clock (hearing.cases.clock): each deadline stored when the event starting it is
    # recorded, so that a later change of the jurisdiction's rules leaves it as it was.
    acceptance_deadline = Date(null=True, default=None, index=True)
    handling_deadline = Date(null=True, default=None, index=True)
    amber_on = Date(null=True, default=None)
    extended_until = Date(null=True, default=None)
    extension_reason = Text(null=True, default=None)
    closed_on = Date(null=True, default=None)
    reply_summary = Text(null=True, default=None)
    #: The department responsible for handling the case.
    handling_organization: ForeignKey[Table] = ForeignKey(
        Organization, null=True, default=None, on_delete=OnDelete.restrict
    )
    #: An earlier case on the same matter.
    prior_case: ForeignKey[Table] = ForeignKey(
        "self", null=True, default=None, on_delete=OnDelete.set_null
    )
    satisfaction = Varchar(length=30, null=True, default=None)
    satisfaction_comment = Text(null=True, default=None)


class Session(Table, tablename="sessions"):
    id = UUID(primary_key=True)
    kind = Varchar(length=30)
    case = ForeignKey(Case, on_delete=OnDelete.restrict)
    title = Varchar(length=300)
    duration_minutes = Integer()
    locale = Varchar(length=8, default="zh-CN")
    status = Varchar(length=20, index=True, default="unscheduled")
    sequence = Integer(default=0)
    start_at = Timestamptz(null=True, default=None, index=True)
    end_at = Timestamptz(null=True, default=None)
    room_id = UUID(null=True, default=None)
    cancel_reason = Text(null=True, default=None)
    agenda = JSON(default="[]")
    procedure = JSON(default="{}")
    created_at = Timestamptz()
    #: The action item this session follows up (its id; the item links back by foreign key).
    follow_up_of = UUID(null=True, default=None)
    #: Set when the minutes are sealed: from then on nothing of the session changes.
    minutes_sealed_at = Timestamptz(null=True, default=None)
    #: The booked room as it was at booking: rooms belong to scheduling, which hearing cannot
    #: read, and the public notice and observer seats are answered from the session alone.
    room_name = Varchar(length=200, null=True, default=None)
    room_address = Text(null=True, default=None)
    room_timezone = Varchar(length=64, null=True, default=None)
    public_seats = Integer(null=True, default=None)


class SessionParticipant(Table, tablename="session_participants"):
    id = UUID(primary_key=True)
    session = ForeignKey(Session, on_delete=OnDelete.cascade, index=True)
    person: ForeignKey[Table] = ForeignKey(Person, on_delete=OnDelete.restrict, index=True)
    role = Varchar(length=30)
    required = Boolean(default=True)
    partstat = Varchar(length=20, default="NEEDS-ACTION")
    #: Removed from the session: kept so that they can be sent a cancellation of their own.
    removed = Boolean(default=False)


class Attendance(Table, tablename="attendance"):
    id = UUID(primary_key=True)
    session = ForeignKey(Session, on_delete=OnDelete.cascade, index=True)
    person: ForeignKey[Table] = ForeignKey(Person, on_delete=OnDelete.restrict)
    status = Varchar(length=30)
    note = Text(null=True, default=None)
    recorded_at = Timestamptz()
    #: A petitioner absent without excuse from a public hearing waives it (rule 6).
    waived = Boolean(default=False)


class Position(Table, tablename="positions"):
    id = UUID(primary_key=True)
    session = ForeignKey(Session, on_delete=OnDelete.cascade, index=True)
    person: ForeignKey[Table] = ForeignKey(Person, on_delete=OnDelete.restrict)
    agenda_item = Varchar(length=300)
    statement = Text()
    requests = Text(null=True, default=None)
    evidence = Text(null=True, default=None)
    legal_basis = Text(null=True, default=None)
    recorded_at = Timestamptz()
    #: 1 for what was said first; an amendment is the next version of the same person and item.
    version = Integer(default=1)
    #: When an amendment replaced this version; None for the current one.
    superseded_at = Timestamptz(null=True, default=None)


class Outcome(Table, tablename="outcomes"):
    id = UUID(primary_key=True)
    session = ForeignKey(Session, on_delete=OnDelete.cascade, index=True)
    agenda_item = Varchar(length=300)
    status = Varchar(length=30)
    terms = Text(null=True, default=None)
    recorded_at = Timestamptz()


class ActionItem(Table, tablename="action_items"):
    id = UUID(primary_key=True)
    session = ForeignKey(Session, on_delete=OnDelete.cascade, index=True)
    title = Varchar(length=300)
    owner_organization: ForeignKey[Table] = ForeignKey(Organization, on_delete=OnDelete.restrict)
    due_date = Date()
    assignee: ForeignKey[Table] = ForeignKey(Person, null=True, on_delete=OnDelete.set_null)
    status = Varchar(length=20, default="open")
    notes = JSON(default="[]")
    created_at = Timestamptz()
    #: The parent organisation the item was escalated to, with when and why.
    escalated_to: ForeignKey[Table] = ForeignKey(
        Organization, null=True, default=None, on_delete=OnDelete.restrict
    )
    escalated_at = Timestamptz(null=True, default=None)
    escalation_reason = Text(null=True, default=None)
    follow_up_session = ForeignKey(Session, null=True, default=None, on_delete=OnDelete.set_null)


class Agreement(Table, tablename="agreements"):
    """A mediation agreement (调解协议书): one per session, its content hashed as signed."""

    id = UUID(primary_key=True)
    session = ForeignKey(Session, on_delete=OnDelete.cascade, unique=True)
    facts = Text()
    disputed_issues = JSON(default="[]")
    #: [{obligor_id, obligation, manner, deadline}] in the order agreed.
    terms = JSON(default="[]")
    version_sha256 = Varchar(length=64)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class AgreementSignature(Table, tablename="agreement_signatures"):
    id = UUID(primary_key=True)
    agreement = ForeignKey(Agreement, on_delete=OnDelete.cascade, index=True)
    person: ForeignKey[Table] = ForeignKey(Person, on_delete=OnDelete.restrict)
    decision = Varchar(length=10)
    reason = Text(null=True, default=None)
    version_sha256 = Varchar(length=64)
    signed_at = Timestamptz()


class MediationConsent(Table, tablename="mediation_consents"):
    """A mediation party's consent or refusal; the latest answer of each person counts."""

    id = UUID(primary_key=True)
    session = ForeignKey(Session, on_delete=OnDelete.cascade, index=True)
    person: ForeignKey[Table] = ForeignKey(Person, on_delete=OnDelete.restrict)
    consent = Boolean()
    recorded_at = Timestamptz()


class CaseReview(Table, tablename="case_reviews"):
    """A review (复查) or re-review (复核) of a closed case; one of each at most."""

    id = UUID(primary_key=True)
    case = ForeignKey(Case, on_delete=OnDelete.cascade, index=True)
    level = Varchar(length=20)
    requested_on = Date()
    deadline = Date()
    decided_on = Date(null=True, default=None)
    decision = Text(null=True, default=None)
    created_at = Timestamptz()


class PanelVote(Table, tablename="panel_votes"):
    """A hearing officer's view on one agenda item; posting it again replaces it."""

    id = UUID(primary_key=True)
    session = ForeignKey(Session, on_delete=OnDelete.cascade, index=True)
    person: ForeignKey[Table] = ForeignKey(Person, on_delete=OnDelete.restrict)
    agenda_item = Varchar(length=300)
    view = Varchar(length=30)
    opinion = Text(null=True, default=None)
    recorded_at = Timestamptz()


class Observer(Table, tablename="observers"):
    """A member of the public registered for a seat at a public hearing (not a participant)."""

    id = UUID(primary_key=True)
    session = ForeignKey(Session, on_delete=OnDelete.cascade, index=True)
    #: Order of registration within the session; unique per session (see the migration).
    queue_number = Integer()
    name = Varchar(length=200)
    email = Varchar(length=320)
    status = Varchar(length=20)
    #: SHA-256 of the cancel token, which only the registrant holds.
    cancel_token_sha256 = Varchar(length=64)
    registered_at = Timestamptz()
    cancelled_at = Timestamptz(null=True, default=None)
