"""The follow-up round as a periodic job on PostgreSQL: two workers, each tick once, each
notice once a day."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from core.db import database
from core.settings import get_settings
from core.tables import OutboxMessage
from hearing.followup import escalation
from hearing.followup import service as followup
from hearing.followup.jobs import FOLLOWUP_TASK
from jobs import concord_jobs
from parties.organizations import service as organizations
from tests.hearing.followup.test_followup_service import STAFF, booked
from tests.support.api_builders import open_records_days_ahead
from tests.support.builders import person
from tests.support.job_workers import eventually, needs_postgres, workers

pytestmark = needs_postgres


async def _succeeded_rounds() -> int:
    [row] = await database().run_ddl(
        "SELECT count(*) AS n FROM procrastinate_jobs "
        f"WHERE task_name = '{FOLLOWUP_TASK}' AND status = 'succeeded'"
    )
    return int(row["n"])


async def test_two_workers_run_the_round_and_each_notice_goes_out_once(client) -> None:
    session = await booked("job1")
    # Items hang off a session's record: open it now (the default jurisdiction is the app's).
    await open_records_days_ahead(30)
    city = await organizations.create_organization("市政府督查室", "government_department")
    bureau = await organizations.create_organization("住建局", "government_department", city.id)
    await person("王科长", "wang@zhujian.cn", bureau.id)
    await person("陈督查", "chen@ducha.cn", city.id)
    now = datetime.now(UTC)
    long_overdue = now.astimezone(ZoneInfo("Asia/Shanghai")).date() - timedelta(days=10)
    item = (
        await followup.create_action_item(
            session.id, "补发过渡费", bureau.id, long_overdue, None, now
        )
    ).id
    before = await OutboxMessage.count()
    every_second = replace(get_settings(), followup_cron="* * * * * *")

    async with workers(concord_jobs(every_second), concord_jobs(every_second)):

        async def three_rounds() -> bool:
            return await _succeeded_rounds() >= 3

        await eventually(three_rounds)
        await asyncio.sleep(1)

    assert (await followup.get_action_item(STAFF, item, datetime.now(UTC))).status == "escalated"
    notices = await OutboxMessage.count() - before
    assert notices == 1  # the round's notice of the day, however many rounds ran
    again = await escalation.run_followup(datetime.now(UTC))
    assert (again.marked_overdue, again.notices_queued, again.escalated) == (0, 0, 0)
