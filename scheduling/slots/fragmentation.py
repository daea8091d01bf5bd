"""How much a slot fragments the free time of the people and rooms it takes.

A person's (or room's) *free stretch* around a slot is the longest run of working time free of
busy time that contains the slot: it ends at the nearest busy block, break or end of the
working day on each side. Placing the slot there leaves two pieces of that stretch, one before
and one after it. A piece that is not empty but shorter than the session itself is a *sliver*:
free time too short to hold another session like this one. A slot's fragmentation is the
number of slivers it leaves (0, 1 or 2 per person or room), so a slot that sits against a
busy block, a break or a day's edge, or leaves room for another session, scores 0.

Buffers do not count: the pieces are measured from the slot itself.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import timedelta

from scheduling.availability.free_time import Availability, WorkingHours, open_spans
from scheduling.intervals import Span, SpanSet, duration_us

#: A working day's free stretch is never longer than a local day (ranges end by 23:59), so
#: working time this far around a slot holds its whole stretch.
STRETCH_REACH = duration_us(timedelta(days=2))


def slivers(free: Span, slot: Span) -> int:
    """The slivers that ``slot`` leaves in the free stretch ``free`` that contains it: pieces
    before and after it that are not empty but shorter than the slot."""
    start, end = slot
    if not (free[0] <= start < end <= free[1]):
        raise ValueError(f"slot {slot} does not lie in the free stretch {free}")
    length = end - start
    return sum(1 for piece in (start - free[0], free[1] - end) if 0 < piece < length)


def free_stretch(open_time: SpanSet, busy: list[Span], slot: Span) -> Span:
    """The free stretch containing ``slot``: the span of ``open_time`` (sorted, coalesced
    working time) holding it, cut at the nearest ``busy`` blocks (sorted, coalesced, none
    overlapping the slot)."""
    start, end = slot
    index = bisect_right(open_time.starts, start) - 1
    if index < 0 or open_time.spans[index][1] < end:
        raise ValueError(f"slot {slot} is not inside working time")
    first, last = open_time.spans[index]
    # Busy blocks ending by the slot's start lie before it; the next one starts after it.
    before = bisect_right(busy, start, key=_end)
    if before:
        first = max(first, busy[before - 1][1])
    if before < len(busy):
        if busy[before][0] < end:
            raise ValueError(f"slot {slot} overlaps busy time {busy[before]}")
        last = min(last, busy[before][0])
    return first, last


def _end(span: Span) -> int:
    return span[1]


class FreeStretches:
    """Slivers of slots in ``[first_start, last_end)``, per person or room.

    Working time is expanded once per distinct set of hours, with STRETCH_REACH of margin so
    that stretches reaching past the range are measured whole.
    """

    def __init__(self, first_start: int, last_end: int) -> None:
        self._from = first_start - STRETCH_REACH
        self._to = last_end + STRETCH_REACH
        self._open: dict[tuple[object, ...], SpanSet] = {}
        # Hashing a fingerprint costs more than the lookup it serves: remember each hours
        # object by id (holding it, so that the id stays its own).
        self._by_id: dict[int, tuple[WorkingHours, SpanSet]] = {}

    def _open_time(self, hours: WorkingHours) -> SpanSet:
        known = self._by_id.get(id(hours))
        if known is None:
            if hours.fingerprint not in self._open:
                self._open[hours.fingerprint] = SpanSet(open_spans(hours, self._from, self._to))
            known = self._by_id[id(hours)] = (hours, self._open[hours.fingerprint])
        return known[1]

    def around(self, availability: Availability, slot: Span) -> Span:
        """The free stretch of this person or room that holds ``slot`` (which must lie in
        their free time)."""
        return free_stretch(self._open_time(availability.hours), availability.busy_spans, slot)

    def slivers(self, availability: Availability, slot: Span) -> int:
        """The slivers ``slot`` leaves in this person's or room's day."""
        return slivers(self.around(availability, slot), slot)
