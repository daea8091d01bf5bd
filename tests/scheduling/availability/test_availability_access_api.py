"""Over HTTP: a participant sets their own working hours, busy time and calendar, not anyone
else's; staff set anyone's."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.scheduling.calendars.test_calendar_import_api import busy_calendar
from tests.support.api_builders import assert_problem, create_person, participant_login
from tests.support.flow import next_weekday_at

HOURS = {"timezone": "Asia/Shanghai", "weekly": {"mon": [["09:00", "12:00"]]}}


async def set_availability(client: Any, headers: dict[str, str], person_id: str) -> list[Any]:
    """PUT working hours, POST busy time, POST a calendar upload; the three responses."""
    start = next_weekday_at(9)
    path = f"/api/v1/people/{person_id}"
    busy = {"start": start.isoformat(), "end": (start + timedelta(hours=1)).isoformat()}
    upload = busy_calendar(start, start + timedelta(hours=2)).encode()
    return [
        await client.put(f"{path}/working-hours", json=HOURS, headers=headers),
        await client.post(f"{path}/busy", json=busy, headers=headers),
        await client.post(
            f"{path}/calendars",
            files={"file": ("me.ics", upload, "text/calendar")},
            headers=headers,
        ),
    ]


async def test_a_participant_sets_their_own_availability(client, coordinator) -> None:
    me = await create_person(client, coordinator, "张三", "zhang@example.cn")
    mine = await participant_login(client, me)
    hours, busy, imported = await set_availability(client, mine, me["id"])
    assert hours.status_code == 200, hours.text
    assert hours.json()["weekly"] == HOURS["weekly"]
    assert busy.status_code == 201, busy.text
    assert imported.status_code == 201, imported.text
    assert imported.json() == {"busy_blocks": 1, "source": "upload:me.ics"}


async def test_a_participant_cannot_set_someone_elses_availability(client, coordinator) -> None:
    me = await create_person(client, coordinator, "张三", "zhang@example.cn")
    other = await create_person(client, coordinator, "李四", "li@example.cn")
    mine = await participant_login(client, me)
    for response in await set_availability(client, mine, other["id"]):
        assert_problem(response, 403, "not_your_record", "person_id")
    subscribed = await client.post(
        f"/api/v1/people/{other['id']}/calendars",
        json={"url": "http://127.0.0.1:9/theirs.ics"},
        headers=mine,
    )
    assert_problem(subscribed, 403, "not_your_record", "person_id")


async def test_staff_set_anyones_availability(client, coordinator) -> None:
    other = await create_person(client, coordinator, "李四", "li@example.cn")
    hours, busy, imported = await set_availability(client, coordinator, other["id"])
    assert (hours.status_code, busy.status_code, imported.status_code) == (200, 201, 201)
