"""A change in the record tells the session page's minutes fragment to fetch itself again."""

from __future__ import annotations

from typing import Any

from tests.ui.record.world import booked_mediation
from tests.ui.world import coordinator_account, csrf_of, log_in_over_http
from ui.record.fragments import RECORD_CHANGED

HTMX = {"HX-Request": "true"}


async def test_a_recorded_change_triggers_the_minutes_refresh_and_a_refusal_does_not(
    client: Any,
) -> None:
    world = await booked_mediation("MR1")
    await coordinator_account()
    await log_in_over_http(client)
    session_page = await client.get(f"/ui/sessions/{world.session.id}")
    assert f'hx-trigger="load, {RECORD_CHANGED} from:body"' in session_page.text
    path = f"/ui/sessions/{world.session.id}/record/attendance"
    body = {"person_id": str(world.petitioner), "_csrf_token": csrf_of(session_page.text)}

    recorded = await client.post(path, data={**body, "status": "present"}, headers=HTMX)
    assert recorded.status_code == 200
    assert recorded.headers.get("hx-trigger") == RECORD_CHANGED

    refused = await client.post(path, data={**body, "status": "nonsense"}, headers=HTMX)
    assert refused.status_code == 200 and 'data-code="' in refused.text
    assert "hx-trigger" not in refused.headers
