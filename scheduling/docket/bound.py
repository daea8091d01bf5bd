"""Docket planning, upper bound: how many sessions any plan could place at most.

A relaxation, so that a plan can be told how far it is from the best possible:

* a session with no feasible start even in an empty docket cannot be placed;
* a person, or a set of interchangeable rooms, has only so much time. Inside one free block
  of length ``L`` (working hours minus busy time) sessions whose buffered slots do not meet
  take ``sum(duration + buffers) <= L + buffers``, hence at most
  ``(L + buffers) // (shortest + buffers)`` of them; a person takes at most the daily maximum
  per local day. If the sessions needing a resource cannot all fit, the excess is lost;
* excesses of resources whose sessions are disjoint add up (chosen greedily, largest first).

The bound ignores the grid, notice periods and how resources combine, so it can only be too
high, never too low: ``placed <= upper_bound`` for every plan.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from scheduling.availability.free_time import Availability, WorkingHours
from scheduling.docket.compiled import Compiled
from scheduling.intervals import Span, subtract_spans


def upper_bound(compiled: Compiled) -> int:
    """At most how many of the problem's sessions any plan can place."""
    placeable = [i for i in range(len(compiled.sessions)) if compiled.feasible[i]]
    shapes = _Shapes(compiled)
    excesses = [*_people_excess(shapes, placeable), *_rooms_excess(shapes, placeable)]
    excesses.sort(key=lambda excess: -excess[0])
    counted: set[int] = set()
    lost = 0
    for excess, sessions in excesses:
        if counted.isdisjoint(sessions):
            lost += excess
            counted.update(sessions)
    return len(placeable) - lost


Excess = tuple[int, list[int]]
"""How many of these sessions cannot be placed at least, and the sessions."""


def _people_excess(shapes: _Shapes, placeable: list[int]) -> list[Excess]:
    compiled = shapes.compiled
    sessions_of: dict[str, list[int]] = {}
    owner: dict[str, Availability] = {}
    for session in placeable:
        for person in compiled.people[session]:
            sessions_of.setdefault(person.id, []).append(session)
            owner[person.id] = person
    excesses = []
    maximum = compiled.problem.max_sessions_per_day
    for person_id, sessions in sessions_of.items():
        if len(sessions) < 2:
            continue  # its one session is feasible, so it fits
        durations = [compiled.durations[i] for i in sessions]
        count, minutes = shapes.capacity(owner[person_id], min(durations), maximum)
        fitting = shapes.most_that_fit(durations, count, minutes)
        if fitting < len(sessions):
            excesses.append((len(sessions) - fitting, sessions))
    return excesses


def _rooms_excess(shapes: _Shapes, placeable: list[int]) -> list[Excess]:
    """Per set of rooms some session may use: the sessions that can use no other room."""
    compiled = shapes.compiled
    excesses = []
    for group in {frozenset(compiled.suitable[i]) for i in placeable}:
        sessions = [i for i in placeable if group.issuperset(compiled.suitable[i])]
        durations = [compiled.durations[i] for i in sessions]
        count = minutes = 0
        for room in group:
            room_count, room_minutes = shapes.capacity(
                compiled.rooms[room].availability, min(durations), None
            )
            count, minutes = count + room_count, minutes + room_minutes
        fitting = shapes.most_that_fit(durations, count, minutes)
        if fitting < len(sessions):
            excesses.append((len(sessions) - fitting, sessions))
    return excesses


@dataclass
class _Shape:
    """A timetable's free blocks, and for one shortest session what each block can hold."""

    blocks: list[Span]
    days: list[tuple[date, ...]]
    counts: list[int]
    minutes: list[int]
    day_counts: Counter[date] = field(default_factory=Counter)
    _capped: dict[int, int] = field(default_factory=dict)

    @cached_property
    def total_count(self) -> int:
        return sum(self.counts)

    @cached_property
    def total_minutes(self) -> int:
        return sum(self.minutes)

    def capped(self, maximum: int) -> int:
        """Sessions the days can hold with at most ``maximum`` a day (computed once)."""
        if maximum not in self._capped:
            self._capped[maximum] = sum(min(c, maximum) for c in self.day_counts.values())
        return self._capped[maximum]


class _Shapes:
    """Capacities per timetable, shared by everyone on the same hours; busy time and sessions
    already booked are then taken off block by block (only the blocks they touch)."""

    def __init__(self, compiled: Compiled) -> None:
        self.compiled = compiled
        self.pad = compiled.before + compiled.after
        self._shapes: dict[tuple[object, ...], _Shape] = {}

    def _block_capacity(self, pieces: Iterable[Span], shortest: int) -> tuple[int, int]:
        count = minutes = 0
        for start, end in pieces:
            if end - start >= shortest:
                count += (end - start + self.pad) // (shortest + self.pad)
                minutes += end - start + self.pad
        return count, minutes

    def _shape(self, hours: WorkingHours, closed: frozenset[date], shortest: int) -> _Shape:
        key = (hours.fingerprint, closed, shortest)
        if key not in self._shapes:
            compiled = self.compiled
            blocks = compiled.opening(hours, closed)
            days = [
                tuple(
                    sorted(
                        {
                            compiled.day_of_zone(hours.timezone, start),
                            compiled.day_of_zone(hours.timezone, end - 1),
                        }
                    )
                )
                for start, end in blocks
            ]
            capacities = [self._block_capacity([block], shortest) for block in blocks]
            shape = _Shape(blocks, days, [c for c, _ in capacities], [m for _, m in capacities])
            for touched, count in zip(days, shape.counts, strict=True):
                for day in touched:
                    shape.day_counts[day] += count
            self._shapes[key] = shape
        return self._shapes[key]

    def capacity(self, owner: Availability, shortest: int, maximum: int | None) -> tuple[int, int]:
        """At most how many sessions of at least ``shortest`` the owner can hold, and the
        buffered time (µs) they can fill."""
        shape = self._shape(owner.hours, owner.closed_days(maximum), shortest)
        count, minutes = shape.total_count, shape.total_minutes
        change: Counter[date] = Counter()
        ends = [end for _, end in shape.blocks] if owner.busy_spans else []
        for block in _blocks_meeting(ends, shape.blocks, owner.busy_spans):
            pieces = subtract_spans([shape.blocks[block]], owner.busy_spans)
            now_count, now_minutes = self._block_capacity(pieces, shortest)
            count += now_count - shape.counts[block]
            minutes += now_minutes - shape.minutes[block]
            for day in shape.days[block]:
                change[day] += now_count - shape.counts[block]
        if maximum is not None:
            # Per local day at most what is left of the daily maximum: start from the
            # timetable's sum and correct only the days busy time or bookings touch.
            by_days = shape.capped(maximum)
            for day in {*change, *owner.session_days}:
                left = max(maximum - owner.session_days.get(day, 0), 0)
                now = min(shape.day_counts[day] + change[day], left)
                by_days += now - min(shape.day_counts[day], maximum)
            count = min(count, by_days)
        return count, minutes

    def most_that_fit(self, durations: list[int], count: int, minutes: int) -> int:
        """The most sessions, shortest first, whose buffered lengths fit ``minutes``."""
        fitting, used = 0, 0
        for duration in sorted(durations):
            used += duration + self.pad
            if used > minutes or fitting >= count:
                break
            fitting += 1
        return fitting


def _blocks_meeting(ends: list[int], blocks: list[Span], busy: list[Span]) -> set[int]:
    """The indices of the (sorted, disjoint) blocks that some busy span overlaps."""
    meeting: set[int] = set()
    for start, end in busy:
        position = bisect_right(ends, start)
        while position < len(blocks) and blocks[position][0] < end:
            meeting.add(position)
            position += 1
    return meeting
