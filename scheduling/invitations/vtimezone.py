"""VTIMEZONE components built from zoneinfo's rules, one observance per real transition.

`ics` converts every time to UTC and writes no VTIMEZONE, so ``scheduling.invitations.writer`` takes
the components from here.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from ics.utils import escape_string

from scheduling.invitations.content_lines import date_time_text, fold_lines


class _Transition(NamedTuple):
    at: datetime  # the UTC instant the new offset starts
    offset_from: timedelta
    offset_to: timedelta
    is_dst: bool
    abbreviation: str


@lru_cache(maxsize=128)
def vtimezone(zone_key: str, first_year: int, last_year: int) -> str:
    """A VTIMEZONE for `zone_key` valid from 1 January `first_year` to the end of `last_year`.

    Each observance is one real transition (no RRULE), taken from zoneinfo's rules: the one in
    force when `first_year` begins, then every transition up to the end of `last_year`.
    """
    zone = ZoneInfo(zone_key)
    year_start = datetime(first_year, 1, 1, tzinfo=UTC)
    earlier = _transitions(zone, year_start - timedelta(days=366), year_start)
    if earlier:
        opening = earlier[-1]
    else:
        # No change for a year: one observance from 1970 with the offset in force (how
        # RFC 5545 examples write a zone without DST).
        offset, dst, abbreviation = _zone_state(zone, year_start)
        epoch = datetime(1970, 1, 1, tzinfo=UTC) - offset
        opening = _Transition(epoch, offset, offset, dst > timedelta(0), abbreviation)
    stop = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone_key}"]
    for transition in [opening, *_transitions(zone, year_start, stop)]:
        kind = "DAYLIGHT" if transition.is_dst else "STANDARD"
        lines += [
            f"BEGIN:{kind}",
            # The onset is written in the local time that was in force before it.
            f"DTSTART:{date_time_text(transition.at + transition.offset_from)}",
            f"TZOFFSETFROM:{_offset(transition.offset_from)}",
            f"TZOFFSETTO:{_offset(transition.offset_to)}",
            f"TZNAME:{escape_string(transition.abbreviation)}",
            f"END:{kind}",
        ]
    lines.append("END:VTIMEZONE")
    return fold_lines(lines)


def _zone_state(zone: ZoneInfo, moment: datetime) -> tuple[timedelta, timedelta, str]:
    local = moment.astimezone(zone)
    return local.utcoffset() or timedelta(0), local.dst() or timedelta(0), local.tzname() or ""


def _transitions(zone: ZoneInfo, start: datetime, stop: datetime) -> list[_Transition]:
    # zoneinfo keeps its transition table private.  A daily scan finds every change of offset,
    # DST flag or abbreviation (no zone changes twice in a day); bisection pins it to the second.
    found: list[_Transition] = []
    day = timedelta(days=1)
    before, state = start, _zone_state(zone, start)
    while before < stop:
        after = min(before + day, stop)
        after_state = _zone_state(zone, after)
        if after_state != state:
            found.append(_bisect(zone, before, after, state))
            state = after_state
        before = after
    return found


def _bisect(
    zone: ZoneInfo, before: datetime, after: datetime, state: tuple[timedelta, timedelta, str]
) -> _Transition:
    low, high = int(before.timestamp()), int(after.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if _zone_state(zone, datetime.fromtimestamp(middle, UTC)) == state:
            low = middle
        else:
            high = middle
    at = datetime.fromtimestamp(high, UTC)
    offset_to, dst, abbreviation = _zone_state(zone, at)
    return _Transition(at, state[0], offset_to, dst > timedelta(0), abbreviation)


def _offset(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")
