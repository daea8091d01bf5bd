"""The words minutes are told apart by: their status and each signer's decision."""

from __future__ import annotations

from enum import StrEnum


class MinutesStatus(StrEnum):
    DRAFT = "draft"
    #: At least one participant has answered for the current version.
    SIGNING = "signing"
    #: The institution has sealed the final PDF: nothing changes any more.
    SEALED = "sealed"


class Decision(StrEnum):
    SIGN = "sign"
    REFUSE = "refuse"
    #: Recorded at sealing for a signer who did not answer within the signing window (rule 10).
    NOT_SIGNED = "not_signed"
    #: Recorded at sealing for a signer whose absence was excused and who did not sign: they
    #: do not hold up sealing.
    ABSENT_EXCUSED = "absent_excused"


class IdentifiedBy(StrEnum):
    """How the person behind an answer was known to be who they said (printed on the audit page)."""

    #: The participant signed for themselves, logged in to their own account.
    ACCOUNT = "account"
    #: A coordinator or administrator recorded the answer for them.
    STAFF = "staff"
    #: The participant followed the signed link emailed to them for this version.
    SIGNING_LINK = "signing_link"


class VersionStatus(StrEnum):
    """A version as the list of versions shows it: the current one has the minutes' status."""

    DRAFT = "draft"
    SIGNING = "signing"
    SEALED = "sealed"
    SUPERSEDED = "superseded"
