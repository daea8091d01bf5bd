"""What the bare endpoints replay, recorded from Concord's own use cases on the seeded database.

For the slot search and the feed, the statements Concord sends and the arguments of its pure
computation (free time and the slot engine; the calendar events and the iCalendar writer), so
that the bare endpoint does the same database work and the same computation without the rest
of Concord; for booking, one booking's statements, replayed for each session of a pool
(``bench.sql_replay.BookingReplay``), and the arguments of its pure computation: each
participant's iCalendar text and invitation email.
"""

from __future__ import annotations

import copyreg
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import Any
from uuid import UUID

from bench import sql_capture
from bench.booking_pool import PoolBooking
from bench.sql_capture import Statement
from bench.sql_replay import BookingReplay, concord_statements
from scheduling.booking.service import book_session
from scheduling.invitations import notifications
from scheduling.invitations import service as invitations
from scheduling.slots import service as slots


# The engine's inputs hold read-only mappings, which pickle cannot take as they are.
def _read_only(items: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(items)


copyreg.pickle(MappingProxyType, lambda proxy: (_read_only, (dict(proxy),)))


@dataclass(frozen=True)
class PureCall:
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


@dataclass(frozen=True)
class BareScript:
    slot_search: list[Statement]
    #: The free time of those searched for, from what the statements loaded; then the search.
    slot_inputs: PureCall
    slot_engine: PureCall
    feed: list[Statement]
    #: One call per event of the feed, from the sessions and context the statements loaded.
    feed_events: list[PureCall]
    feed_writer: PureCall
    booking: BookingReplay
    #: Per participant: the invitation's iCalendar text, then its email (that text given).
    invitation_texts: list[PureCall]
    invitation_emails: list[PureCall]
    pool: dict[UUID, PoolBooking]

    def save(self, path: Path) -> None:
        path.write_bytes(pickle.dumps(self))

    @staticmethod
    def load(path: Path) -> BareScript:
        # The benchmark's own file, written by the same run a moment before.
        script: BareScript = pickle.loads(path.read_bytes())
        return script


@contextmanager
def _spying(module: ModuleType, name: str) -> Iterator[list[PureCall]]:
    """Record the calls of ``module.name`` (still made) while the block runs."""
    calls: list[PureCall] = []
    original = getattr(module, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(PureCall(args, kwargs))
        return original(*args, **kwargs)

    setattr(module, name, spy)
    try:
        yield calls
    finally:
        setattr(module, name, original)


async def record_script(
    searched_session: UUID,
    not_before: datetime,
    not_after: datetime,
    feed_token: str,
    template: PoolBooking,
    pool: list[PoolBooking],
    now: datetime,
) -> BareScript:
    """Run a slot search, a feed and one booking (of ``template``) as Concord does, recording."""
    await sql_capture.start_recording_pool()
    try:
        with (
            _spying(slots, "engine_inputs") as input_calls,
            _spying(slots, "find_common_slots") as engine_calls,
        ):
            _, searched = await sql_capture.record(
                lambda: slots.search_slots(searched_session, not_before, not_after, now)
            )
        with (
            _spying(invitations, "invitation_event") as event_calls,
            _spying(invitations, "build_feed") as writer_calls,
        ):
            _, feed = await sql_capture.record(lambda: invitations.published_feed(feed_token, now))
        with (
            _spying(notifications, "invitation_text") as text_calls,
            _spying(notifications, "compose_invitation") as email_calls,
        ):
            _, booked = await sql_capture.record(
                lambda: book_session(template.session_id, template.start, template.room_id, now)
            )
    finally:
        await sql_capture.stop_recording_pool()
    return BareScript(
        slot_search=concord_statements(searched),
        slot_inputs=input_calls[0],
        slot_engine=engine_calls[0],
        feed=concord_statements(feed),
        feed_events=event_calls,
        feed_writer=writer_calls[0],
        booking=BookingReplay(template, booked),
        invitation_texts=text_calls,
        invitation_emails=email_calls,
        pool={booking.session_id: booking for booking in pool},
    )
