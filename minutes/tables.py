"""Minutes, their versions and the participants' signatures."""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    UUID,
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

from minutes.vocabulary import IdentifiedBy, MinutesStatus

# Other packages' tables are referenced by name through their Piccolo apps: minutes need their
# rows' keys, not their code.
SESSION = LazyTableReference("Session", app_name="hearing")
PERSON = LazyTableReference("Person", app_name="parties")


class Minutes(Table, tablename="minutes"):
    id = UUID(primary_key=True)
    session: ForeignKey[Table] = ForeignKey(SESSION, on_delete=OnDelete.restrict, unique=True)
    status = Varchar(length=20, default=MinutesStatus.DRAFT.value)
    version = Integer(default=1)
    sealed_sha256 = Varchar(length=64, null=True, default=None, unique=True)
    sealed_at = Timestamptz(null=True, default=None)
    #: The redacted public version of a sealed public hearing's minutes, in the content store.
    public_sha256 = Varchar(length=64, null=True, default=None)
    created_at = Timestamptz()
    #: Given at the first build and kept by every later version (see DocumentNumber).
    document_number = Varchar(length=200, null=True, default=None)


class MinutesVersion(Table, tablename="minutes_versions"):
    """One built version; the database refuses to change or delete it (what was signed stays)."""

    id = UUID(primary_key=True)
    minutes = ForeignKey(Minutes, on_delete=OnDelete.restrict, index=True)
    version = Integer()
    sha256 = Varchar(length=64, index=True)
    record = JSON(default="{}")
    created_at = Timestamptz()
    #: Who built this version, as its minutes name the recorder.
    recorder = Varchar(length=320, null=True, default=None)


class Signature(Table, tablename="signatures"):
    id = UUID(primary_key=True)
    minutes = ForeignKey(Minutes, on_delete=OnDelete.restrict, index=True)
    person: ForeignKey[Table] = ForeignKey(PERSON, on_delete=OnDelete.restrict)
    decision = Varchar(length=20)
    reason = Text(null=True, default=None)
    version_sha256 = Varchar(length=64)
    signed_at = Timestamptz()
    identified_by = Varchar(length=20, default=IdentifiedBy.STAFF.value)


class DocumentNumber(Table, tablename="minutes_document_numbers"):
    """The document numbers given out, one per session's minutes, counted per jurisdiction and
    year. ``counter_key`` (jurisdiction/year/number) is unique, so two builds can never take
    the same number; ``session`` is unique, so a session keeps the number it was given."""

    id = UUID(primary_key=True)
    session: ForeignKey[Table] = ForeignKey(SESSION, on_delete=OnDelete.restrict, unique=True)
    jurisdiction = UUID(index=True)
    year = Integer()
    number = Integer()
    counter_key = Varchar(length=80, unique=True)
    #: As printed: the jurisdiction's pattern at the time the number was given.
    document_number = Varchar(length=200)


class ArchiveEntry(Table, tablename="minutes_archive_catalogue"):
    """One sealed minutes as the archive search finds and lists it, written in the transaction
    that seals them and never changed: the case and session as the sealed record names them.
    The ``search_`` columns hold the same texts folded (see ``catalogue.folded``)."""

    id = UUID(primary_key=True)
    minutes = ForeignKey(Minutes, on_delete=OnDelete.restrict, unique=True)
    session = UUID()
    version = Integer()
    document_number = Varchar(length=200, null=True, default=None)
    case_reference = Text()
    case_title = Text()
    session_title = Text()
    session_kind = Varchar(length=40)
    start = Timestamptz(null=True, default=None)
    timezone = Varchar(length=64)
    held_on = Date(null=True, default=None)
    sealed_at = Timestamptz()
    sealed_sha256 = Varchar(length=64)
    search_document_number = Text()
    search_case_reference = Text()
    search_case_title = Text()
    search_session_title = Text()
