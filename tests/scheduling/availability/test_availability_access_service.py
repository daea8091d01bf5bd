"""Whose working hours, busy time and calendars a viewer may set, decided by the service."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.errors import Forbidden
from scheduling.availability import service as availability
from scheduling.calendars import service as calendars
from tests.scheduling.calendars.test_calendar_import_api import busy_calendar
from tests.support.builders import person
from tests.support.viewers import COORDINATOR, participant

WEEKLY = {"mon": [["09:00", "12:00"]]}
START = datetime(2026, 12, 7, 1, tzinfo=UTC)
CALENDAR = busy_calendar(START, START + timedelta(hours=1))


async def test_a_participant_sets_their_own_hours_and_busy_time(db) -> None:
    me = await person("张三", "zhang@x.cn")
    await availability.set_working_hours_for(participant(me), me, "Asia/Shanghai", WEEKLY, [])
    end = START + timedelta(hours=1)
    block = await availability.add_busy_block_for(participant(me), me, START, end, "医院")
    assert (block.start, block.end, block.label) == (START, end, "医院")
    imported = await calendars.import_upload_for(participant(me), me, "mine.ics", CALENDAR, START)
    assert (imported.busy_blocks, imported.source) == (1, "upload:mine.ics")


async def test_a_participant_cannot_set_someone_elses_hours_busy_time_or_calendar(db) -> None:
    me, other = await person("张三", "zhang@x.cn"), await person("李四", "li@x.cn")
    mine = participant(me)
    attempts = [
        availability.set_working_hours_for(mine, other, "Asia/Shanghai", WEEKLY, []),
        availability.add_busy_block_for(mine, other, START, START + timedelta(hours=1), ""),
        calendars.import_upload_for(mine, other, "theirs.ics", CALENDAR, START),
        # Refused before the address is fetched: nothing listens there.
        calendars.subscribe_calendar_for(mine, other, "http://127.0.0.1:9/cal.ics", START),
    ]
    for attempt in attempts:
        with pytest.raises(Forbidden) as refused:
            await attempt
        assert (refused.value.code, refused.value.field) == ("not_your_record", "person_id")


async def test_staff_set_anyones_hours_busy_time_and_calendar(db) -> None:
    other = await person("李四", "li@x.cn")
    await availability.set_working_hours_for(COORDINATOR, other, "Asia/Shanghai", WEEKLY, [])
    end = START + timedelta(hours=2)
    block = await availability.add_busy_block_for(COORDINATOR, other, START, end, "")
    assert block.end == end
    imported = await calendars.import_upload_for(COORDINATOR, other, "theirs.ics", CALENDAR, START)
    assert imported.busy_blocks == 1
