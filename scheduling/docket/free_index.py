"""Docket planning, free-time index: where each person and room can still take a session.

Per resource, per session length and per window of the grid (a week's points), the starts
the resource can still take as a small bit mask: its working hours and busy time (from
``Compiled``) minus the buffered time of sessions placed so far and, for people, the local
days that reached the daily maximum. Masks are cached and recomputed only for the windows a
placement touched (``Occupancy.versions``), so one first fit costs the windows it looks at,
not the length of the docket nor the number of sessions placed before it.

A window where a person has no start left for a session length stays closed while sessions
are only added; ``FreeIndex.first_open`` remembers the first window not known to be closed,
so that first fit skips a busy officer's full months at once.

Placing a session through ``FreeIndex.add`` takes it off the cached masks it touches (a
few ANDs) instead of letting them be recomputed; removals only invalidate.
"""

from __future__ import annotations

from datetime import date, timedelta
from datetime import time as wall
from typing import Any

from scheduling.availability.free_time import Availability, local_instant_us
from scheduling.docket.compiled import ROOMS, Occupancy, person_key
from scheduling.intervals import Span

_MIDNIGHT = wall(0, 0)


class FreeIndex:
    """Cached free starts per (resource, session length, window) over one ``Occupancy``."""

    def __init__(self, occupancy: Occupancy) -> None:
        self.occupancy = occupancy
        self.compiled = occupancy.compiled
        self._people: dict[tuple[str, int, int], tuple[int, int]] = {}
        self._rooms: dict[tuple[int, int, int], tuple[int, int]] = {}
        self._groups: dict[tuple[tuple[int, ...], int, int], tuple[int, int]] = {}
        self._first_open: dict[tuple[str, int], int] = {}
        self._removals = occupancy.removals
        self._midnights: dict[tuple[str, date], int] = {}
        self._person_lengths: dict[str, set[int]] = {}
        self._room_lengths: dict[int, set[int]] = {}

    # People ------------------------------------------------------------------------------

    def person_free(self, person: Availability, duration: int, window: int) -> int:
        """Starts in ``window`` the person can still take for a session of ``duration``."""
        key = (person.id, duration, window)
        version = self.occupancy.versions[(person_key(person), window)]
        cached = self._people.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        free = self.unbooked(person, duration, window)
        if free:
            free &= self.open_days(person, window)
        self._people[key] = (version, free)
        self._person_lengths.setdefault(person.id, set()).add(duration)
        return free

    def unbooked(self, person: Availability, duration: int, window: int) -> int:
        """Starts allowed by hours and busy time that meet no placed session of the person."""
        allowed = self.compiled.allowed(person, duration, is_person=True)
        return self._minus_placed(
            self.compiled.window_bits(allowed, window), person_key(person), duration, window
        )

    def open_days(self, person: Availability, window: int) -> int:
        """Starts in ``window`` on local days below the daily maximum (all bits if none)."""
        compiled, occupancy = self.compiled, self.occupancy
        everything = (1 << compiled.window_points) - 1
        maximum = compiled.problem.max_sessions_per_day
        if maximum is None or not (occupancy.placed_of[person.id] or person.session_days):
            return everything
        zone = person.hours.timezone
        begin = compiled.window_start(window)
        end = compiled.window_start(window + 1)
        first, last = compiled.day_of(person, begin), compiled.day_of(person, end - 1)
        full = []
        for ordinal in range(first.toordinal(), last.toordinal() + 1):
            day = date.fromordinal(ordinal)
            if occupancy.per_day[(person.id, day)] >= maximum:
                full.append((self._midnight(zone, day), self._midnight(zone, day + _ONE_DAY)))
        return everything & ~compiled.window_mask(full, window) if full else everything

    def _midnight(self, zone: str, day: date) -> int:
        key = (zone, day)
        if key not in self._midnights:
            self._midnights[key] = local_instant_us(zone, day, _MIDNIGHT)
        return self._midnights[key]

    # Rooms -------------------------------------------------------------------------------

    def room_free(self, room: int, duration: int, window: int) -> int:
        """Starts in ``window`` the room can still take for a session of ``duration``."""
        resource = self.compiled.room_keys[room]
        key = (room, duration, window)
        version = self.occupancy.versions[(resource, window)]
        cached = self._rooms.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        opening = self.compiled.window_bits(self.compiled.room_mask(room, duration), window)
        free = self._minus_placed(opening, resource, duration, window)
        self._rooms[key] = (version, free)
        self._room_lengths.setdefault(room, set()).add(duration)
        return free

    def rooms_free(self, rooms: tuple[int, ...], duration: int, window: int) -> int:
        """Starts in ``window`` at which at least one of ``rooms`` is free."""
        key = (rooms, duration, window)
        version = self.occupancy.versions[(ROOMS, window)]
        cached = self._groups.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        free = 0
        for room in rooms:
            free |= self.room_free(room, duration, window)
        self._groups[key] = (version, free)
        return free

    def room_at(self, rooms: tuple[int, ...], duration: int, window: int, bit: int) -> int | None:
        """The first of ``rooms`` (least capacity wasted) free at the start ``bit``."""
        for room in rooms:
            if self.room_free(room, duration, window) & bit:
                return room
        return None

    # Shared ------------------------------------------------------------------------------

    def _minus_placed(self, bits: int, resource: str, duration: int, window: int) -> int:
        """``bits`` without the starts whose buffered slot meets a placed session."""
        if not bits:
            return 0
        compiled = self.compiled
        begin, end = compiled.window_start(window), compiled.window_start(window + 1)
        lead = duration + compiled.after - 1
        near = self.occupancy.spans_near(resource, (begin - compiled.before, end + lead + 1))
        if not near:
            return bits
        taken = [(start - lead, stop + compiled.before) for start, stop in near]
        return bits & ~compiled.window_mask(taken, window)

    def add(self, session: int, start: int, room: int) -> None:
        """Place a session, and take it off the cached masks that were up to date."""
        compiled, occupancy = self.compiled, self.occupancy
        windows = occupancy.touched(session, start)
        people = compiled.people[session]
        resource = compiled.room_keys[room]
        keys = [*(person_key(person) for person in people), resource]
        before = {(key, w): occupancy.versions[(key, w)] for key in keys for w in windows}
        occupancy.add(session, start, room)
        padded = compiled.padded(session, start)
        maximum = compiled.problem.max_sessions_per_day
        for person in people:
            extra: list[Span] = []
            if maximum is not None and occupancy.day_count(person, start) >= maximum:
                day = compiled.day_of(person, start)
                zone = person.hours.timezone
                extra.append((self._midnight(zone, day), self._midnight(zone, day + _ONE_DAY)))
            for duration in self._person_lengths.get(person.id, ()):
                for window in windows:
                    self._take_off(
                        self._people,
                        (person.id, duration, window),
                        before,
                        person_key(person),
                        [self._conflicts(padded, duration), *extra],
                    )
        for duration in self._room_lengths.get(room, ()):
            for window in windows:
                self._take_off(
                    self._rooms,
                    (room, duration, window),
                    before,
                    resource,
                    [self._conflicts(padded, duration)],
                )

    def _conflicts(self, padded: Span, duration: int) -> Span:
        """The starts of a ``duration`` session whose buffered slot meets ``padded``."""
        lead = duration + self.compiled.after - 1
        return (padded[0] - lead, padded[1] + self.compiled.before)

    def _take_off(
        self,
        cache: dict[Any, tuple[int, int]],
        key: tuple[Any, int, int],
        before: dict[tuple[str, int], int],
        resource: str,
        taken: list[Span],
    ) -> None:
        window = key[2]
        entry = cache.get(key)
        if entry is None or entry[0] != before[(resource, window)]:
            return
        bits = entry[1] & ~self.compiled.window_mask(taken, window) if entry[1] else 0
        cache[key] = (self.occupancy.versions[(resource, window)], bits)

    def first_open(self, person: Availability, duration: int) -> int:
        """The first window not known to be closed to the person for ``duration``."""
        if self._removals != self.occupancy.removals:
            # Freed time can reopen a closed window: forget what was learnt.
            self._first_open.clear()
            self._removals = self.occupancy.removals
        return self._first_open.get((person.id, duration), 0)

    def closed(self, person: Availability, duration: int, window: int) -> None:
        """The person has no start left in ``window``: move the first open one past it."""
        key = (person.id, duration)
        if self._first_open.get(key, 0) == window:
            self._first_open[key] = window + 1


_ONE_DAY = timedelta(days=1)
