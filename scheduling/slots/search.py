"""Find start times that every required attendee (and, when asked, a suitable room) can make.

The search works on sets of *allowed start times* rather than minute by minute: for each
person or room, a start ``s`` is allowed when ``[s, s + duration)`` lies inside working hours
and ``[s - buffer_before, s + duration + buffer_after)`` touches no busy block. Those sets are
unions of spans, so intersecting them is a linear sweep; slots are then read off the grid.

Buffers apply to rooms as well as people (room turnover), and only against busy time: a
buffer may reach outside working hours. ``max_sessions_per_day`` applies to attendees only.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, timedelta

from scheduling.availability.free_time import WorkingHours, open_spans
from scheduling.intervals import (
    Span,
    SpanSet,
    duration_us,
    from_us,
    intersect_spans,
    merge_spans,
    subtract_spans,
    to_us,
)
from scheduling.slots.fragmentation import FreeStretches, slivers
from scheduling.slots.query import Attendee, Room, Slot, SlotQuery, SlotSearchResult
from scheduling.slots.reasons import explain_empty

NEAREST_HORIZON = timedelta(days=30)
_FIRST_CHUNK = 24 * 3600 * 1_000_000


@dataclass(frozen=True)
class _Frame:
    """One stretch of the query in integer microseconds: starts in ``[earliest, starts_before)``."""

    earliest: int
    starts_before: int
    not_after: int
    duration: int
    grid: int
    buffer_before: int
    buffer_after: int

    @classmethod
    def of(cls, query: SlotQuery) -> _Frame:
        duration = duration_us(query.duration)
        not_after = to_us(query.not_after)
        return cls(
            earliest=to_us(query.earliest_start),
            starts_before=not_after - duration + 1,
            not_after=not_after,
            duration=duration,
            grid=duration_us(query.grid),
            buffer_before=duration_us(query.buffer_before),
            buffer_after=duration_us(query.buffer_after),
        )

    @property
    def fitting_window(self) -> list[Span]:
        """Starts whose slot lies inside ``[earliest, not_after)`` (may be empty)."""
        return [(self.earliest, self.starts_before)]

    def first_grid_start(self, spans: Sequence[Span]) -> int | None:
        """The earliest grid point inside ``spans``, if any."""
        for start, end in spans:
            point = -(-start // self.grid) * self.grid
            if point < end:
                return point
        return None

    def chunks(self) -> Iterator[_Frame]:
        """Consecutive stretches of doubling length (1, 2, 4 ... days), so a search that
        fills its limit early never expands a 90-day window."""
        start, length = self.earliest, _FIRST_CHUNK
        while start < self.starts_before:
            end = min(start + length, self.starts_before)
            yield replace(self, earliest=start, starts_before=end)
            start, length = end, length * 2


class _Fitting:
    """Starts in a frame whose slot fits working hours, per distinct set of hours.

    Fifty people on the same office hours cost one expansion, not fifty.
    """

    def __init__(self, frame: _Frame) -> None:
        self._frame = frame
        self._sets: dict[tuple[object, ...], SpanSet] = {}

    def of(self, hours: WorkingHours, closed_days: frozenset[date]) -> SpanSet:
        key = (hours.fingerprint, closed_days)
        if key not in self._sets:
            frame = self._frame
            opening = open_spans(
                hours,
                frame.earliest,
                min(frame.starts_before + frame.duration, frame.not_after),
                closed_days,
            )
            # [s, s + duration) fits [a, b) when a <= s <= b - duration; the +1 makes the
            # bound half-open (times are whole microseconds).
            fitting = [
                (max(a, frame.earliest), min(b - frame.duration + 1, frame.starts_before))
                for a, b in opening
            ]
            self._sets[key] = SpanSet([(a, b) for a, b in fitting if a < b])
        return self._sets[key]


def _forbidden_starts(busy: list[Span], frame: _Frame) -> list[Span]:
    """Starts in the frame whose buffered span meets a busy block, sorted by start.

    A busy block [b, c) forbids starts in (b - duration - buffer_after, c + buffer_before).
    """
    reach_from = frame.earliest - frame.buffer_before
    reach_to = frame.starts_before + frame.duration + frame.buffer_after
    lead = frame.duration + frame.buffer_after - 1
    forbidden: list[Span] = []
    for b, c in busy[bisect_right(busy, reach_from, key=_end) :]:
        if b >= reach_to:
            break
        forbidden.append((b - lead, c + frame.buffer_before))
    return forbidden


def _end(span: Span) -> int:
    return span[1]


def _busy_free(busy: list[Span], frame: _Frame, point: int) -> bool:
    """Whether the buffered span of a slot starting at ``point`` avoids every busy block."""
    index = bisect_right(busy, point - frame.buffer_before, key=_end)
    return index == len(busy) or busy[index][0] >= point + frame.duration + frame.buffer_after


def _allowed_starts(fitting: SpanSet, busy: list[Span], frame: _Frame) -> list[Span]:
    return subtract_spans(fitting.spans, merge_spans(_forbidden_starts(busy, frame)))


def _suitable_rooms(query: SlotQuery, rooms: Sequence[Room]) -> list[Room]:
    """Rooms that fit the query, smallest fitting (least capacity wasted) first."""
    return sorted(
        (room for room in rooms if query.suits(room)),
        key=lambda room: (room.capacity - query.head_count, room.id),
    )


def _common_starts(
    query: SlotQuery, frame: _Frame, fitting: _Fitting, required: Sequence[Attendee]
) -> list[Span]:
    """Starts every required attendee can make: their hours intersected, their busy removed."""
    common = frame.fitting_window
    # _Fitting hands out one object per distinct set of hours: intersect each once.
    distinct = {id(hours): hours for hours in (_fitting_of(fitting, a, query) for a in required)}
    for hours in sorted(distinct.values(), key=lambda hours: len(hours.spans)):
        common = intersect_spans(common, hours.spans)
    if not common:
        return common
    # One sort over everybody's busy blocks beats one subtraction per person.
    forbidden = merge_spans(
        span for a in required for span in _forbidden_starts(a.availability.busy_spans, frame)
    )
    return subtract_spans(common, forbidden)


def _fitting_of(fitting: _Fitting, attendee: Attendee, query: SlotQuery) -> SpanSet:
    person = attendee.availability
    return fitting.of(person.hours, person.closed_days(query.max_sessions_per_day))


def _search_chunk(
    query: SlotQuery,
    frame: _Frame,
    attendees: Sequence[Attendee],
    rooms: list[Room] | None,
    slots: list[Slot],
) -> None:
    """Append the slots of one frame to ``slots``, up to ``query.limit`` in all."""
    fitting = _Fitting(frame)
    common = _common_starts(query, frame, fitting, [a for a in attendees if a.required])
    room_sets: list[tuple[Room, SpanSet]] = []
    if rooms is not None and common:
        for room in rooms:
            hours = fitting.of(room.availability.hours, frozenset())
            allowed = _allowed_starts(hours, room.availability.busy_spans, frame)
            room_sets.append((room, SpanSet(allowed)))
        common = intersect_spans(common, merge_spans(s for _, r in room_sets for s in r.spans))
    optional = sorted((a for a in attendees if not a.required), key=lambda a: a.id)
    optional_checks = [
        (a, _fitting_of(fitting, a, query), a.availability.busy_spans) for a in optional
    ]
    required = [a.availability for a in attendees if a.required]
    stretches = FreeStretches(frame.earliest, frame.starts_before + frame.duration)
    for span_start, span_end in common:
        point = -(-span_start // frame.grid) * frame.grid
        if point >= span_end:
            continue
        # Every start of one common span lies in the same free stretch of each required
        # person (the slots between them cover it): look the stretches up once.
        first_slot = (point, point + frame.duration)
        required_stretches = [stretches.around(person, first_slot) for person in required]
        while point < span_end and len(slots) < query.limit:
            slot = (point, point + frame.duration)
            fragmentation = sum(slivers(stretch, slot) for stretch in required_stretches)
            missing: list[str] = []
            for attendee, hours, busy in optional_checks:
                if point in hours and _busy_free(busy, frame, point):
                    fragmentation += stretches.slivers(attendee.availability, slot)
                else:
                    missing.append(attendee.id)
            room_id = None
            if rooms is not None:
                room_id, room_slivers = _room_at(slot, room_sets, stretches)
                fragmentation += room_slivers
            slots.append(
                Slot(from_us(point), from_us(slot[1]), room_id, tuple(missing), fragmentation)
            )
            point += frame.grid


def _room_at(
    slot: Span, room_sets: list[tuple[Room, SpanSet]], stretches: FreeStretches
) -> tuple[str, int]:
    """The free room for ``slot`` that leaves the fewest slivers in its day, and how many;
    ties go to the earlier room of ``room_sets`` (least capacity wasted, then id)."""
    best: tuple[int, str] | None = None
    for room, starts in room_sets:
        if slot[0] in starts:
            count = stretches.slivers(room.availability, slot)
            if best is None or count < best[0]:
                best = (count, room.id)
                if count == 0:
                    break
    if best is None:
        raise AssertionError(f"no free room at {slot}, yet the start was offered")
    return best[1], best[0]


def _blocking(
    query: SlotQuery, frame: _Frame, attendees: Sequence[Attendee], rooms: list[Room] | None
) -> list[str]:
    """Required attendees, and "rooms", that alone have no start anywhere in the frame."""
    fitting = _Fitting(frame)
    blocking = [
        a.id
        for a in attendees
        if a.required
        and frame.first_grid_start(
            _allowed_starts(_fitting_of(fitting, a, query), a.availability.busy_spans, frame)
        )
        is None
    ]
    if rooms is not None and not any(
        frame.first_grid_start(
            _allowed_starts(
                fitting.of(room.availability.hours, frozenset()),
                room.availability.busy_spans,
                frame,
            )
        )
        is not None
        for room in rooms
    ):
        blocking.append("rooms")
    return blocking


def _search(
    query: SlotQuery, attendees: Sequence[Attendee], rooms: Sequence[Room] | None
) -> SlotSearchResult:
    frame = _Frame.of(query)
    suitable = None if rooms is None else _suitable_rooms(query, rooms)
    if frame.first_grid_start(frame.fitting_window) is None:
        return SlotSearchResult(
            (), explain_empty(query, [], rooms, suitable, window_has_start=False)
        )
    slots: list[Slot] = []
    for chunk in frame.chunks():
        _search_chunk(query, chunk, attendees, suitable, slots)
        if len(slots) >= query.limit:
            break
    if slots:
        return SlotSearchResult(tuple(slots))
    blocking = _blocking(query, frame, attendees, suitable)
    return SlotSearchResult(
        (), explain_empty(query, blocking, rooms, suitable, window_has_start=True), tuple(blocking)
    )


def find_common_slots(
    query: SlotQuery,
    attendees: Sequence[Attendee],
    rooms: Sequence[Room] | None,
    *,
    nearest: bool = True,
) -> SlotSearchResult:
    """Up to ``query.limit`` slots, earliest first, each with its best room.

    Slots rank by start, then fewest optional people missing, then least fragmentation; each
    start appears once, so the start decides the order. At each start the room is the
    suitable free one that leaves the fewest slivers in its day (scheduling.slots.fragmentation),
    then wastes the least capacity, then has the smallest id.
    ``rooms=None`` books no room; an empty list finds nothing.
    When nothing fits, the result says why (``reason``, ``blocking``) and, unless ``nearest``
    is false, offers as ``nearest_outside`` the first slot lying wholly in the 30 days after
    ``not_after`` (see nearest_slot_outside). ``blocking`` stays empty when the window itself
    (after notice) holds no grid start.
    """
    result = _search(query, attendees, rooms)
    if result.slots or not nearest:
        return result
    return replace(result, nearest_outside=nearest_slot_outside(query, attendees, rooms))


def nearest_slot_outside(
    query: SlotQuery, attendees: Sequence[Attendee], rooms: Sequence[Room] | None
) -> Slot | None:
    """The first slot lying wholly in the 30 days (NEAREST_HORIZON) after ``not_after``: the
    availabilities must cover that stretch."""
    beyond = replace(
        query,
        not_before=query.not_after,
        not_after=query.not_after.astimezone(UTC) + NEAREST_HORIZON,
        limit=1,
    )
    nearest = _search(beyond, attendees, rooms).slots
    return nearest[0] if nearest else None
