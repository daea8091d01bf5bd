"""The running app seals the audit chain's head on its own, every CONCORD_AUDIT_SEAL_MINUTES,
and leaves an idle log alone instead of sealing its own seals over and over."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core.audit import record_event
from core.audit_trail.service import SEALED_ACTION, seal_head, seal_heads_forever, verify_chain
from tests.support.audit import audit_rows, clear_sealed_heads

NOW = datetime.now(UTC)
EVERY = timedelta(milliseconds=50)


@pytest.fixture(autouse=True)
def no_sealed_heads() -> Iterator[None]:
    yield from clear_sealed_heads()


async def seals_once(count: int) -> list[dict[str, Any]]:
    """The seal entries once there are ``count`` of them (the loop runs beside the test)."""
    for _ in range(200):
        sealed = await audit_rows(SEALED_ACTION)
        if len(sealed) >= count:
            return sealed
        await asyncio.sleep(0.025)
    raise AssertionError(f"fewer than {count} seals after 5 seconds")


async def test_the_loop_seals_new_entries_and_skips_a_log_that_did_not_move(db) -> None:
    await record_event("test.changed", "test", "1", {"n": 1})
    loop = asyncio.create_task(seal_heads_forever(EVERY))
    try:
        [first] = await seals_once(1)
        assert first["data"]["seq"] == 1
        await asyncio.sleep(EVERY.total_seconds() * 6)
        assert len(await audit_rows(SEALED_ACTION)) == 1, "an idle log was sealed again"

        await record_event("test.changed", "test", "2", {"n": 2})
        second = (await seals_once(2))[1]
        # The second seal covers the new entry, which follows the first seal's own.
        assert second["data"]["seq"] == first["seq"] + 1
    finally:
        loop.cancel()
    report = await verify_chain()
    assert report.intact and report.sealed_heads == 2


async def test_only_the_loop_skips_a_head_that_is_a_seal_the_command_seals_again(db) -> None:
    await record_event("test.changed", "test", "1", {"n": 1})
    assert await seal_head(NOW) is not None

    assert await seal_head(NOW, unless_just_sealed=True) is None
    again = await seal_head(NOW)
    assert again is not None and again.head.seq == 2
