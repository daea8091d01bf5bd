"""Reading minutes, their versions and signatures as typed views, for every minutes capability."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from minutes.errors import minutes_not_found
from minutes.tables import Minutes, MinutesVersion, Signature
from minutes.vocabulary import Decision, IdentifiedBy, MinutesStatus


@dataclass(frozen=True)
class MinutesRow:
    id: UUID
    session_id: UUID
    status: MinutesStatus
    #: The number of the current version.
    version: int
    sealed_sha256: str | None
    sealed_at: datetime | None
    created_at: datetime
    #: Given at the first build; None only for minutes built before numbers were given.
    document_number: str | None = None

    @property
    def is_sealed(self) -> bool:
        return self.status == MinutesStatus.SEALED


@dataclass(frozen=True)
class VersionRow:
    minutes_id: UUID
    version: int
    sha256: str
    #: When this version was built: its signing window opens then.
    created_at: datetime
    #: Who built it, as the minutes name the recorder.
    recorder: str | None = None


@dataclass(frozen=True)
class SignatureView:
    person_id: UUID
    decision: Decision
    reason: str | None
    version_sha256: str
    signed_at: datetime
    #: None for those recorded at sealing as not signed: they gave no answer to identify.
    identified_by: IdentifiedBy | None = None


def _minutes(row: dict[str, Any]) -> MinutesRow:
    return MinutesRow(
        id=row["id"],
        session_id=row["session"],
        status=MinutesStatus(row["status"]),
        version=row["version"],
        sealed_sha256=row["sealed_sha256"],
        sealed_at=row["sealed_at"],
        created_at=row["created_at"],
        document_number=row["document_number"],
    )


async def minutes_row(minutes_id: UUID) -> MinutesRow:
    row = await Minutes.select().where(Minutes.id == minutes_id).first()
    if row is None:
        raise minutes_not_found(minutes_id)
    return _minutes(row)


async def minutes_of_session(session_id: UUID) -> MinutesRow | None:
    row = await Minutes.select().where(Minutes.session == session_id).first()
    return None if row is None else _minutes(row)


async def minutes_published_as(sha256: str) -> MinutesRow | None:
    """The sealed minutes whose redacted public version has this SHA-256, if any."""
    row = await Minutes.select().where(Minutes.public_sha256 == sha256).first()
    return None if row is None else _minutes(row)


async def minutes_sealed_as(sha256: str) -> MinutesRow | None:
    """The minutes whose sealed PDF has this SHA-256, if any."""
    row = await Minutes.select().where(Minutes.sealed_sha256 == sha256).first()
    return None if row is None else _minutes(row)


async def all_sealed_minutes() -> tuple[MinutesRow, ...]:
    """Every sealed minutes, the earliest sealed first."""
    rows = (
        await Minutes.select()
        .where(Minutes.status == MinutesStatus.SEALED)
        .order_by(Minutes.sealed_at)
        .order_by(Minutes.id)
    )
    return tuple(_minutes(row) for row in rows)


async def unsealed_minutes() -> tuple[MinutesRow, ...]:
    """Every minutes not sealed yet (a draft is out for signatures from its first build), the
    earliest built first."""
    rows = (
        await Minutes.select()
        .where(Minutes.status != MinutesStatus.SEALED)
        .order_by(Minutes.created_at)
        .order_by(Minutes.id)
    )
    return tuple(_minutes(row) for row in rows)


_VERSION_COLUMNS = (
    MinutesVersion.version,
    MinutesVersion.sha256,
    MinutesVersion.created_at,
    MinutesVersion.recorder,
)


def _version(minutes_id: UUID, row: dict[str, Any]) -> VersionRow:
    return VersionRow(
        minutes_id=minutes_id,
        version=row["version"],
        sha256=row["sha256"],
        created_at=row["created_at"],
        recorder=row["recorder"],
    )


async def version_with_sha256(sha256: str) -> VersionRow | None:
    """The version of some minutes whose PDF has this SHA-256, if any."""
    row = (
        await MinutesVersion.select(
            MinutesVersion.minutes.as_alias("minutes_id"), *_VERSION_COLUMNS
        )
        .where(MinutesVersion.sha256 == sha256)
        .first()
    )
    return None if row is None else _version(row["minutes_id"], row)


async def current_version(minutes: MinutesRow) -> VersionRow:
    row = await numbered_version(minutes.id, minutes.version)
    assert row is not None, "every minutes row has its current version"
    return row


async def numbered_version(minutes_id: UUID, number: int) -> VersionRow | None:
    row = (
        await MinutesVersion.select(*_VERSION_COLUMNS)
        .where((MinutesVersion.minutes == minutes_id) & (MinutesVersion.version == number))
        .first()
    )
    return None if row is None else _version(minutes_id, row)


async def versions_of(minutes_id: UUID) -> tuple[VersionRow, ...]:
    """Every version built of the minutes, the first first."""
    rows = (
        await MinutesVersion.select(*_VERSION_COLUMNS)
        .where(MinutesVersion.minutes == minutes_id)
        .order_by(MinutesVersion.version)
    )
    return tuple(_version(minutes_id, row) for row in rows)


async def version_record(version: VersionRow) -> dict[str, Any]:
    """The record a version was built from, as stored with it (what its signers saw)."""
    row = (
        await MinutesVersion.select(MinutesVersion.record)
        .where(
            (MinutesVersion.minutes == version.minutes_id)
            & (MinutesVersion.version == version.version)
        )
        .output(load_json=True)
        .first()
    )
    assert row is not None, "the version was read a moment ago"
    return dict(row["record"])


async def signatures_of(minutes_id: UUID, version_sha256: str) -> tuple[SignatureView, ...]:
    """Every answer given for this version of the minutes, oldest first."""
    rows = (
        await Signature.select(
            Signature.person.as_alias("person_id"),
            Signature.decision,
            Signature.reason,
            Signature.version_sha256,
            Signature.signed_at,
            Signature.identified_by,
        )
        .where((Signature.minutes == minutes_id) & (Signature.version_sha256 == version_sha256))
        .order_by(Signature.signed_at)
    )
    return tuple(
        SignatureView(
            person_id=row["person_id"],
            decision=Decision(row["decision"]),
            reason=row["reason"],
            version_sha256=row["version_sha256"],
            signed_at=row["signed_at"],
            identified_by=IdentifiedBy(row["identified_by"]),
        )
        for row in rows
    )
