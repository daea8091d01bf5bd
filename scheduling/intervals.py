"""Half-open time intervals and the set operations slot search is built from.

The public face is :class:`Interval` (tz-aware datetimes). The hot paths work on ``Span``s:
``(start, end)`` pairs of integer microseconds since the UTC epoch, because integer
comparisons are exact and an order of magnitude cheaper than datetime objects.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)

Span = tuple[int, int]
"""Half-open ``[start, end)`` in integer microseconds since the UTC epoch."""


def to_us(moment: datetime) -> int:
    """Exact microseconds since the UTC epoch of an aware datetime."""
    return (moment - EPOCH) // MICROSECOND


def from_us(us: int) -> datetime:
    """The UTC datetime ``us`` microseconds after the epoch."""
    return EPOCH + timedelta(microseconds=us)


def duration_us(length: timedelta) -> int:
    return length // MICROSECOND


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"Interval.{name} must be timezone-aware, got {moment!r}")


@dataclass(frozen=True, order=True)
class Interval:
    """Half-open ``[start, end)``; both ends are stored in UTC.

    Normalising to UTC matters: adding a timedelta to a datetime in a DST zone does wall-clock
    arithmetic, and comparing two datetimes of one zone ignores ``fold``.
    """

    start: datetime
    end: datetime
    # Computed once here: searches read the integer form of every busy block.
    _span: Span = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _require_aware(self.start, "start")
        _require_aware(self.end, "end")
        if self.end <= self.start:
            raise ValueError(f"Interval end {self.end} must be after its start {self.start}")
        object.__setattr__(self, "start", self.start.astimezone(UTC))
        object.__setattr__(self, "end", self.end.astimezone(UTC))
        object.__setattr__(self, "_span", (to_us(self.start), to_us(self.end)))

    @classmethod
    def from_span(cls, span: Span) -> Interval:
        return cls(from_us(span[0]), from_us(span[1]))

    @property
    def span(self) -> Span:
        return self._span

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    def overlaps(self, other: Interval) -> bool:
        """True when the two share some instant; touching ends do not overlap."""
        return self.start < other.end and other.start < self.end

    def contains(self, other: Interval) -> bool:
        return self.start <= other.start and other.end <= self.end


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, with overlapping and touching intervals coalesced."""
    return [Interval.from_span(span) for span in merge_spans(i.span for i in intervals)]


def subtract(base: Iterable[Interval], remove: Iterable[Interval]) -> list[Interval]:
    """The parts of ``base`` not covered by ``remove``, sorted and coalesced."""
    kept = subtract_spans(merge_spans(i.span for i in base), merge_spans(i.span for i in remove))
    return [Interval.from_span(span) for span in kept]


def intersect(first: Iterable[Interval], second: Iterable[Interval]) -> list[Interval]:
    """The instants covered by both, sorted and coalesced."""
    common = intersect_spans(
        merge_spans(i.span for i in first), merge_spans(i.span for i in second)
    )
    return [Interval.from_span(span) for span in common]


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sort and coalesce; empty spans (end <= start) are dropped."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def subtract_spans(base: Sequence[Span], remove: Sequence[Span]) -> list[Span]:
    """``base`` minus ``remove``; both must be sorted and coalesced (see merge_spans)."""
    kept: list[Span] = []
    index, count = 0, len(remove)
    for start, end in base:
        while index < count and remove[index][1] <= start:
            index += 1
        cursor, probe = start, index
        while probe < count and remove[probe][0] < end:
            cut_start, cut_end = remove[probe]
            if cut_start > cursor:
                kept.append((cursor, cut_start))
            cursor = max(cursor, cut_end)
            probe += 1
        if cursor < end:
            kept.append((cursor, end))
    return kept


def intersect_spans(first: Sequence[Span], second: Sequence[Span]) -> list[Span]:
    """Common part of two sorted, coalesced span lists (a two-pointer sweep)."""
    common: list[Span] = []
    i = j = 0
    while i < len(first) and j < len(second):
        start = max(first[i][0], second[j][0])
        end = min(first[i][1], second[j][1])
        if start < end:
            common.append((start, end))
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return common


class SpanSet:
    """Sorted, disjoint spans with O(log n) membership of a point."""

    __slots__ = ("spans", "starts")

    def __init__(self, spans: list[Span]) -> None:
        self.spans = spans
        self.starts = [start for start, _ in spans]

    def __contains__(self, point: int) -> bool:
        index = bisect_right(self.starts, point) - 1
        return index >= 0 and point < self.spans[index][1]
