"""Minutes waiting for signatures (the dashboard's list), as each viewer may read them."""

from __future__ import annotations

from datetime import UTC, datetime

from minutes.drafts import service as drafts
from tests.support.minutes_builders import (
    ARCHIVIST,
    STAFF,
    answer_all,
    booked_session,
    built_minutes,
    sealed_minutes,
)
from tests.support.viewers import participant

NOW = datetime.now(UTC)


async def test_minutes_out_for_signatures_are_listed_to_whoever_may_read_them(db) -> None:
    mine, theirs, done = [await booked_session(suffix) for suffix in ("w1", "w2", "w3")]
    my_minutes = await built_minutes(mine, NOW)
    their_minutes = await built_minutes(theirs, NOW)
    await sealed_minutes(done, NOW)
    await answer_all(await built_minutes(await booked_session("w4"), NOW), NOW)  # nobody left

    waiting = await drafts.minutes_awaiting_signatures(STAFF)
    assert {m.id for m in waiting} == {my_minutes.id, their_minutes.id}
    assert all(
        set(m.pending_signers) == set(mine.signers) for m in waiting if m.id == my_minutes.id
    )
    me = participant(mine.signers[0])
    assert [m.id for m in await drafts.minutes_awaiting_signatures(me)] == [my_minutes.id]
    assert await drafts.minutes_awaiting_signatures(ARCHIVIST) == []
