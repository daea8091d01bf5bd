"""The slots a session page lists: a date range on the viewer's calendar turned into the slot
search's window, and each slot with the names of its room and of who would miss it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from scheduling.rooms import service as rooms
from scheduling.slots import service as slots
from scheduling.slots.query import Slot, SlotSearchResult

#: A search looks this far ahead unless the coordinator asks otherwise.
DEFAULT_DAYS = 14
#: The label of "no free room" among the slot search's blocking names.
ROOMS = "rooms"


@dataclass(frozen=True)
class Window:
    """First and last day (both included) on the viewer's wall clock."""

    first_day: date
    last_day: date

    def bounds(self, zone: str) -> tuple[datetime, datetime]:
        """Midnight of the first day to midnight after the last, in ``zone`` (a DST day is not
        24 hours, so the end is built from the date, not by adding hours)."""
        tz = ZoneInfo(zone)
        start = datetime.combine(self.first_day, time(), tz)
        return start, datetime.combine(self.last_day + timedelta(days=1), time(), tz)


def default_window(now: datetime, zone: str) -> Window:
    """From tomorrow for two weeks: today's hours are mostly gone, notice periods start."""
    tomorrow = now.astimezone(ZoneInfo(zone)).date() + timedelta(days=1)
    return Window(tomorrow, tomorrow + timedelta(days=DEFAULT_DAYS - 1))


@dataclass(frozen=True)
class SlotShown:
    start: datetime
    end: datetime
    room_id: UUID | None
    room_name: str
    missing_optional: tuple[str, ...]


@dataclass(frozen=True)
class SearchShown:
    slots: tuple[SlotShown, ...]
    #: The service's own explanation of an empty result (English).
    reason: str | None
    blocking_people: tuple[str, ...]
    rooms_blocking: bool
    nearest_outside: SlotShown | None


def _slot_shown(slot: Slot, room_names: dict[UUID, str], names: dict[str, str]) -> SlotShown:
    room_id = UUID(slot.room_id) if slot.room_id else None
    return SlotShown(
        slot.start,
        slot.end,
        room_id,
        room_names.get(room_id, "") if room_id else "",
        tuple(names.get(person, person) for person in slot.missing_optional),
    )


async def shown_search(result: SlotSearchResult, names: dict[str, str]) -> SearchShown:
    """``result`` with names: ``names`` maps the session's person ids (as text) to names."""
    found = [*result.slots, *([result.nearest_outside] if result.nearest_outside else [])]
    room_ids = list({UUID(slot.room_id) for slot in found if slot.room_id})
    room_names = {room.id: room.name for room in (await rooms.get_rooms(room_ids)).values()}
    nearest = result.nearest_outside
    return SearchShown(
        slots=tuple(_slot_shown(slot, room_names, names) for slot in result.slots),
        reason=result.reason,
        blocking_people=tuple(names.get(b, b) for b in result.blocking if b != ROOMS),
        rooms_blocking=ROOMS in result.blocking,
        nearest_outside=_slot_shown(nearest, room_names, names) if nearest else None,
    )


async def search_in_window(
    session_id: UUID, window: Window, zone: str, names: dict[str, str]
) -> SearchShown:
    not_before, not_after = window.bounds(zone)
    result = await slots.search_slots(session_id, not_before, not_after, datetime.now(UTC))
    return await shown_search(result, names)
