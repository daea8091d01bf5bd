"""When minutes may be sealed, as a pure rule with the clock passed in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from core.errors import RuleViolation
from minutes.seal.readiness import ensure_ready_to_seal

OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WEEK = timedelta(days=7)


def test_everyone_answered_seals_at_once() -> None:
    ensure_ready_to_seal((), OPENED, WEEK, OPENED)


def test_a_pending_signer_blocks_sealing_until_the_window_closes() -> None:
    pending = (uuid4(), uuid4())
    with pytest.raises(RuleViolation) as refused:
        ensure_ready_to_seal(pending, OPENED, WEEK, OPENED + WEEK - timedelta(microseconds=1))
    assert (refused.value.code, refused.value.field) == ("signatures_missing", "signatures")
    assert refused.value.extra["pending_signers"] == [str(p) for p in pending]
    ensure_ready_to_seal(pending, OPENED, WEEK, OPENED + WEEK)
