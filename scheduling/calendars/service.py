"""Busy times imported from people's own calendars: uploaded files and refreshed URLs."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from core.access import Viewer, ensure_self_or_staff
from core.audit import record_event
from core.db import in_thread, set_connection_aside, write_transaction
from core.errors import RuleViolation
from parties.people import service as parties
from scheduling.calendars.busy_from_ics import busy_intervals, import_horizon
from scheduling.calendars.fetch import fetch_calendar
from scheduling.intervals import Interval
from scheduling.tables import BusyBlock, CalendarSubscription

logger = logging.getLogger(__name__)


async def import_calendar(
    person_id: UUID, ics_text: str, source: str, now: datetime, field: str = "file"
) -> int:
    """Replace the busy blocks previously imported from ``source`` with the file's busy times;
    errors name ``field``, the calendar's origin (an uploaded ``file`` or a ``url``)."""
    # Parsing a calendar of a few MB takes seconds of CPU: in a thread, other requests go on.
    intervals = await in_thread(busy_intervals, ics_text, import_horizon(now), field)
    async with write_transaction():
        await parties.get_person(person_id)
        await _replace_imported_busy(person_id, source, intervals)
        await record_event(
            "person.calendar_imported",
            "person",
            person_id,
            {"source": source, "busy": len(intervals)},
        )
    return len(intervals)


async def _replace_imported_busy(person_id: UUID, source: str, intervals: list[Interval]) -> None:
    await BusyBlock.delete().where((BusyBlock.person == person_id) & (BusyBlock.source == source))
    if intervals:
        await BusyBlock.insert(
            *[
                BusyBlock(
                    person=person_id,
                    start_at=interval.start,
                    end_at=interval.end,
                    label="imported",
                    source=source,
                )
                for interval in intervals
            ]
        )


@dataclass(frozen=True)
class ImportedCalendar:
    """How many busy blocks a calendar gave, and the source they are stored (and replaced) under."""

    busy_blocks: int
    source: str


def upload_source(filename: str) -> str:
    return f"upload:{filename}"[:300]


async def import_upload_for(
    viewer: Viewer, person_id: UUID, filename: str, ics_text: str, now: datetime
) -> ImportedCalendar:
    """An uploaded calendar file: staff import one for anyone, a participant only their own."""
    ensure_self_or_staff(viewer, person_id)
    source = upload_source(filename)
    return ImportedCalendar(await import_calendar(person_id, ics_text, source, now), source)


async def subscribe_calendar_for(
    viewer: Viewer, person_id: UUID, url: str, now: datetime
) -> ImportedCalendar:
    """A calendar URL to keep refreshed: staff subscribe anyone, a participant only themselves
    (decided before the URL is fetched)."""
    ensure_self_or_staff(viewer, person_id)
    count, source = await subscribe_calendar(person_id, url, now)
    return ImportedCalendar(count, source)


def subscription_source(url: str) -> str:
    return f"url:{hashlib.sha256(url.encode()).hexdigest()}"


async def subscribe_calendar(person_id: UUID, url: str, now: datetime) -> tuple[int, str]:
    """Register a calendar URL, import its busy times now and keep them refreshed."""
    await parties.get_person(person_id)
    source = subscription_source(url)
    # The calendar's own server may take its time (up to the fetch's timeout).
    await set_connection_aside()
    count = await import_calendar(person_id, await fetch_calendar(url), source, now, "url")
    async with write_transaction():
        await CalendarSubscription.delete().where(
            (CalendarSubscription.person == person_id) & (CalendarSubscription.source == source)
        )
        await CalendarSubscription.insert(
            CalendarSubscription(person=person_id, url=url, source=source, refreshed_at=now)
        )
    return count, source


async def refresh_due_calendars(now: datetime, max_age: timedelta) -> int:
    """Re-import every subscribed calendar last refreshed before ``now - max_age``.

    A subscription is claimed by moving its ``refreshed_at`` forward first, so several workers
    running this loop do not fetch the same calendar twice. Returns how many were refreshed.
    """
    due = await CalendarSubscription.select().where(
        CalendarSubscription.refreshed_at.is_null()
        | (CalendarSubscription.refreshed_at < now - max_age)
    )
    refreshed = 0
    for subscription in due:
        claimed = (
            await CalendarSubscription.update({CalendarSubscription.refreshed_at: now})
            .where(
                (CalendarSubscription.id == subscription["id"])
                & (
                    CalendarSubscription.refreshed_at.is_null()
                    | (CalendarSubscription.refreshed_at < now - max_age)
                )
            )
            .returning(CalendarSubscription.id)
        )
        if not claimed:
            continue
        try:
            text = await fetch_calendar(subscription["url"])
            await import_calendar(subscription["person"], text, subscription["source"], now, "url")
            error = None
            refreshed += 1
        except RuleViolation as exc:
            # Quietly: nobody waits for this answer. A calendar whose host has since turned
            # internal lands here too, and is left unfetched until someone fixes the URL.
            logger.warning(
                "calendar subscription %s not refreshed: %s", subscription["id"], exc.message
            )
            error = exc.message
        await CalendarSubscription.update({CalendarSubscription.last_error: error}).where(
            CalendarSubscription.id == subscription["id"]
        )
    return refreshed


async def refresh_calendars_forever(max_age: timedelta) -> None:
    """The background loop: check every minute for calendars older than ``max_age``."""
    while True:
        try:
            await refresh_due_calendars(datetime.now(UTC), max_age)
        except Exception:
            logger.exception("refreshing subscribed calendars failed; trying again later")
        await asyncio.sleep(60)
