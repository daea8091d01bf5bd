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
