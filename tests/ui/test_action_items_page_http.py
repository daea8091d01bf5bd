"""The follow-up page over HTTP: filters, notes, done, escalation, refusals next to the field,
htmx fragments, and what participants see."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hearing.followup import service as followup
from tests.support.builders import mediation_session
from tests.support.viewers import COORDINATOR
from tests.ui.parch_world import (
    MEMBER_EMAIL,
    OUTSIDER_EMAIL,
    FollowUpWorld,
    follow_up_world,
    participant_account,
    post_form,
)
from tests.ui.world import coordinator_account, log_in_over_http
from ui.i18n import labels

ZH = labels("zh-CN")
PAGE = "/ui/action-items"


async def _coordinator_world(client: Any) -> FollowUpWorld:
    world = await follow_up_world()
    await coordinator_account()
    await log_in_over_http(client)
    return world


async def _status(item_id: Any) -> str:
    return (await followup.get_action_item(COORDINATOR, item_id, datetime.now(UTC))).status


async def test_the_filters_narrow_the_list_and_overdue_is_marked(client: Any) -> None:
    world = await _coordinator_world(client)
    page = (await client.get(PAGE)).text
    assert f'id="item-{world.overdue_id}"' in page and f'id="item-{world.open_id}"' in page
    assert ZH["actions_overdue_mark"] in page
    overdue = (await client.get(PAGE, params={"status": "overdue"})).text
    assert (
        f'id="item-{world.overdue_id}"' in overdue and f'id="item-{world.open_id}"' not in overdue
    )
    owned = (await client.get(PAGE, params={"owner_organization_id": str(world.district_id)})).text
    assert f'id="item-{world.open_id}"' in owned and f'id="item-{world.overdue_id}"' not in owned
    assert f'<option value="{world.district_id}" selected>' in owned
    unknown = await client.get(PAGE, params={"status": "lost"})
    assert unknown.status_code == 400 and 'id="status-error"' in unknown.text


async def test_done_needs_a_note_then_the_note_then_done(client: Any) -> None:
    world = await _coordinator_world(client)
    item = world.open_id
    back = f"{PAGE}?status=open"
    refused = await post_form(client, back, f"{PAGE}/{item}/done", {"status": "done", "next": back})
    assert refused.status_code == 422
    assert f'id="status-{item}-error"' in refused.text
    assert ZH["actions_error_progress_note_required"] in refused.text
    assert await _status(item) == "open"
    empty = await post_form(client, back, f"{PAGE}/{item}/notes", {"text": "", "next": back})
    assert empty.status_code == 400 and f'id="text-{item}-error"' in empty.text
    noted = await post_form(
        client, back, f"{PAGE}/{item}/notes", {"text": "已电话联系信访人", "next": back}
    )
    assert noted.status_code == 303 and noted.headers["location"] == f"{back}#item-{item}"
    assert "已电话联系信访人" in (await client.get(PAGE)).text
    done = await post_form(client, back, f"{PAGE}/{item}/done", {"status": "done", "next": back})
    assert done.status_code == 303
    assert await _status(item) == "done"


async def test_escalation_goes_to_the_parent_or_is_refused_next_to_the_reason(client: Any) -> None:
    world = await _coordinator_world(client)
    no_parent = await post_form(
        client, PAGE, f"{PAGE}/{world.overdue_id}/escalate", {"reason": "逾期未办"}
    )
    assert no_parent.status_code == 422
    assert f'id="reason-{world.overdue_id}-error"' in no_parent.text
    assert ZH["actions_error_owner_has_no_parent_organization"] in no_parent.text
    assert await _status(world.overdue_id) == "overdue"
    escalated = await post_form(
        client, PAGE, f"{PAGE}/{world.open_id}/escalate", {"reason": "多次催办未果"}
    )
    assert escalated.status_code == 303
    assert await _status(world.open_id) == "escalated"
    page = (await client.get(PAGE, params={"status": "escalated"})).text
    assert "市信访局" in page  # escalated to the district office's parent


async def test_with_htmx_the_item_alone_comes_back_refusals_included(client: Any) -> None:
    world = await _coordinator_world(client)
    headers = {"HX-Request": "true"}
    refused = await post_form(
        client, PAGE, f"{PAGE}/{world.open_id}/done", {"status": "done"}, headers=headers
    )
    assert refused.status_code == 200  # htmx swaps only a 2xx
    assert refused.text.lstrip().startswith(f'<li class="card item" id="item-{world.open_id}"')
    assert "<html" not in refused.text and f'id="status-{world.open_id}-error"' in refused.text
    noted = await post_form(
        client, PAGE, f"{PAGE}/{world.open_id}/notes", {"text": "已复核"}, headers=headers
    )
    assert noted.status_code == 200 and "已复核" in noted.text and "<html" not in noted.text


async def test_a_participant_sees_only_their_sessions_items_and_may_not_act(client: Any) -> None:
    world = await follow_up_world()
    member = next(
        p.person_id for p in world.dashboard.session.participants if p.role == "petitioner"
    )
    stranger_session, _ = await mediation_session("OUT")
    stranger = stranger_session.participants[0].person_id
    await participant_account(MEMBER_EMAIL, member)
    await participant_account(OUTSIDER_EMAIL, stranger)

    await log_in_over_http(client, MEMBER_EMAIL)
    page = (await client.get(PAGE)).text
    assert f'id="item-{world.open_id}"' in page
    assert 'data-action="add-note"' not in page and 'data-action="escalate"' not in page
    note = await post_form(client, PAGE, f"{PAGE}/{world.open_id}/notes", {"text": "x"})
    assert note.status_code == 403  # as the API: a participant of the session is refused

    client.cookies.clear()
    await log_in_over_http(client, OUTSIDER_EMAIL)
    page = (await client.get(PAGE)).text
    assert world.open_title not in page and world.dashboard.overdue_title not in page
    note = await post_form(client, PAGE, f"{PAGE}/{world.open_id}/notes", {"text": "x"})
    assert note.status_code == 404  # a stranger learns nothing, not even that it exists
    assert await _status(world.open_id) == "open"
    item = await followup.get_action_item(COORDINATOR, world.open_id, datetime.now(UTC))
    assert item.notes == ()


async def test_the_follow_up_page_speaks_english_when_asked(client: Any) -> None:
    await _coordinator_world(client)
    client.cookies.set("lang", "en", path="/ui")
    page = (await client.get(PAGE)).text
    assert '<html lang="en">' in page
    assert labels("en")["actions_overdue_mark"] in page and labels("en")["actions_add_note"] in page
