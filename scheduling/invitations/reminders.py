"""Which reminder a participant is owed now: 7, 3 and 1 days before, each at most once."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

REMINDER_DAYS = (7, 3, 1)


def due_reminder(
    start: datetime, booked_at: datetime, now: datetime, days: tuple[int, ...] = REMINDER_DAYS
) -> int | None:
    """The reminder to send at ``now`` for a session starting at ``start``, if any.

    Only the most imminent reminder whose moment has come is due, so a worker that was down for
    days sends one reminder, not three. A moment that passed before the session was booked is
    skipped: the invitation itself was the notice.
    """
    if now >= start:
        return None
    due = [day for day in days if booked_at <= start - timedelta(days=day) <= now]
    return min(due) if due else None


def days_left(start: datetime, now: datetime, timezone: str) -> int:
    """Calendar days from ``now`` to ``start`` where the reader lives: what "in 3 days" and
    "tomorrow" mean to them, whichever reminder is being sent (a late one says less)."""
    zone = ZoneInfo(timezone)
    return (start.astimezone(zone).date() - now.astimezone(zone).date()).days
