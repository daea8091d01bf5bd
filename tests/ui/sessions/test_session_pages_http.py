"""The session pages over HTTP: composing through the API's rules, booking and its conflicts,
reschedule and cancel, the case page, and who may open what (the API's access rules)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from core.access import Role, Viewer
from hearing.cases import service as cases
from hearing.sessions import service as sessions
from parties.accounts import service as accounts
from scheduling.booking import service as booking
from tests.conftest import PASSWORD
from tests.support.builders import make_room, mediation, mediation_session, person
from tests.support.flow import SHANGHAI, next_weekday_at
from tests.ui.world import (
    booked_session_with_an_overdue_item,
    coordinator_account,
    csrf_of,
    log_in_over_http,
)
from ui.i18n import labels

ZH, EN = labels("zh-CN"), labels("en")


async def _coordinator(client: Any) -> str:
    """Log a coordinator in; the CSRF token for the forms that follow."""
    await coordinator_account()
    assert (await log_in_over_http(client)).status_code == 303
    return csrf_of((await client.get("/ui/")).text)


def _composition(
    case_id: UUID, rows: list[tuple[UUID | str, str]], **fields: str
) -> dict[str, str]:
    form = {"case_id": str(case_id), "kind": "mediation", "title": "物业纠纷调解"}
    form |= {"duration_minutes": "60", "locale": "zh-CN", "agenda": "补偿标准\n安置方式"}
    for index, (person_id, role) in enumerate(rows):
        form[f"participants[{index}].person_id"] = str(person_id)
        form[f"participants[{index}].role"] = role
        form[f"participants[{index}].required"] = "true"
    return form | fields


async def test_the_composer_lists_open_cases_and_creates_through_the_session_service(
    client: Any,
) -> None:
    token = await _coordinator(client)
    case = await cases.create_case(cases.NewCase("XF-C1", "物业纠纷"), datetime.now(UTC))
    today = datetime.now(SHANGHAI).date()
    closed = await cases.create_case(
        cases.NewCase("XF-C2", "旧事", registered_on=today - timedelta(9), accepted_on=today),
        datetime.now(UTC),
    )
    staff = Viewer(UUID(int=1), "c@x.cn", Role.COORDINATOR, None)
    await cases.close_case(staff, closed.id, today, "已答复", datetime.now(UTC))
    page = await client.get(f"/ui/sessions/new?case_id={case.id}")
    assert page.status_code == 200
    assert f'<option value="{case.id}" selected>' in page.text
    assert str(closed.id) not in page.text
    petitioner = await person("张三", "p-c1@x.cn")
    department = await person("住建局王", "d-c1@x.cn")
    mediator = await person("郑调解", "m-c1@x.cn")
    rows = [(petitioner, "petitioner"), (department, "department"), (mediator, "mediator")]
    created = await client.post(
        "/ui/sessions/new",
        data={**_composition(case.id, rows), "_csrf_token": token},
        follow_redirects=False,
    )
    assert created.status_code == 303, created.text
    session_id = UUID(created.headers["location"].rsplit("/", 1)[1])
    session = await sessions.get_session(session_id)
    assert session.agenda == ("补偿标准", "安置方式")
    assert {(p.person_id, p.role, p.required) for p in session.participants} == {
        (petitioner, "petitioner", True),
        (department, "department", True),
        (mediator, "mediator", True),
    }


async def test_a_refused_composition_is_shown_next_to_the_field_and_nothing_is_stored(
    client: Any,
) -> None:
    token = await _coordinator(client)
    case = await cases.create_case(cases.NewCase("XF-C3", "t"), datetime.now(UTC))
    petitioner = await person("张三", "p-c3@x.cn")
    department = await person("王", "d-c3@x.cn")
    no_mediator = [(petitioner, "petitioner"), (department, "department")]
    refused = await client.post(
        "/ui/sessions/new", data={**_composition(case.id, no_mediator), "_csrf_token": token}
    )
    assert refused.status_code == 422
    assert 'id="participants-error"' in refused.text
    assert ZH["psess_error_mediator_required"] in refused.text
    # The form comes back as it was sent.
    assert 'value="物业纠纷调解"' in refused.text
    assert f'<option value="{department}" selected>' in refused.text
    twice = [(petitioner, "petitioner"), (petitioner, "mediator")]
    duplicate = await client.post(
        "/ui/sessions/new", data={**_composition(case.id, twice), "_csrf_token": token}
    )
    assert 'id="participants-1-person_id-error"' in duplicate.text
    assert ZH["psess_error_duplicate_participant"] in duplicate.text
    too_short = await client.post(
        "/ui/sessions/new",
        data={**_composition(case.id, no_mediator, duration_minutes="5"), "_csrf_token": token},
    )
    assert too_short.status_code == 400
    assert re.search(r'id="duration_minutes-error">[^<]*15', too_short.text)
    no_title = await client.post(
        "/ui/sessions/new",
        data={**_composition(case.id, no_mediator, title=" "), "_csrf_token": token},
    )
    assert 'id="title-error">' + ZH["error_required"] in no_title.text
    found, total = await sessions.find_sessions(10, 0)
    assert (found, total) == ([], 0)


async def test_the_people_search_narrows_a_participant_list_by_name(client: Any) -> None:
    await _coordinator(client)
    await person("张三", "zs@x.cn")
    await person("李四", "ls@x.cn")
    options = await client.get("/ui/sessions/people", params={"q": "李"})
    assert "李四" in options.text and "张三" not in options.text
    row = await client.get("/ui/sessions/new/participant", params={"index": 3})
    assert 'name="participants[3].person_id"' in row.text
    assert "index=4" in row.text and 'hx-swap-oob="true"' in row.text


async def test_booking_a_taken_slot_is_a_conflict_shown_with_the_list_searched_again(
    client: Any,
) -> None:
    token = await _coordinator(client)
    first, mediator = await mediation_session("B1")
    second, _ = await mediation_session("B2", mediator=mediator)
    room = await make_room("第一调解室")
    start = next_weekday_at(9)
    await booking.book_session(first.id, start, room, datetime.now(UTC))
    day = start.date().isoformat()
    taken = await client.post(
        f"/ui/sessions/{second.id}/booking",
        data={
            "start": start.isoformat(),
            "room_id": str(room),
            "not_before": day,
            "not_after": day,
            "_csrf_token": token,
        },
    )
    assert taken.status_code == 409
    assert ZH["psess_error_slot_taken"] in taken.text
    # The refreshed list offers the day's other times, not the one just taken.
    assert 'data-action="book"' in taken.text
    assert f'name="start" value="{start.isoformat()}"' not in taken.text
    assert (await sessions.get_session(second.id)).status == "unscheduled"


async def test_find_slots_answers_htmx_with_the_section_and_says_why_none(client: Any) -> None:
    token = await _coordinator(client)
    session, _ = await mediation_session("S1")
    await make_room("第二调解室")
    saturday = next_weekday_at(9)
    while saturday.weekday() != 5:
        saturday += timedelta(days=1)
    day = saturday.date().isoformat()
    answer = await client.post(
        f"/ui/sessions/{session.id}/slots",
        data={"not_before": day, "not_after": day, "_csrf_token": token},
        headers={"hx-request": "true"},
    )
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith('<section id="find-slots"')
    assert ZH["psess_no_slots"] in answer.text
    assert ZH["psess_blocking_people"] in answer.text and "张三" in answer.text
    assert ZH["psess_nearest_outside"] in answer.text
    backwards = await client.post(
        f"/ui/sessions/{session.id}/slots",
        data={"not_before": day, "not_after": "2020-01-01", "_csrf_token": token},
    )
    assert backwards.status_code == 422
    assert 'id="not_after-error">' + ZH["psess_error_invalid_window"] in backwards.text


async def test_reschedule_needs_a_reason_and_cancel_records_one(client: Any) -> None:
    token = await _coordinator(client)
    session, _ = await mediation_session("R1")
    room = await make_room("第三调解室")
    start = next_weekday_at(9)
    await booking.book_session(session.id, start, room, datetime.now(UTC))
    later = start + timedelta(hours=1)
    picked = await client.get(
        f"/ui/sessions/{session.id}", params={"start": later.isoformat(), "room_id": str(room)}
    )
    assert 'data-action="reschedule"' in picked.text
    form = {"start": later.isoformat(), "room_id": str(room), "_csrf_token": token}
    no_reason = await client.post(f"/ui/sessions/{session.id}/reschedule", data=form)
    assert no_reason.status_code == 400
    assert 'id="reschedule-reason-error">' + ZH["error_required"] in no_reason.text
    moved = await client.post(
        f"/ui/sessions/{session.id}/reschedule",
        data={**form, "reason": "调解员出差"},
        follow_redirects=False,
    )
    assert moved.status_code == 303
    assert (await sessions.get_session(session.id)).start == later
    cancelled = await client.post(
        f"/ui/sessions/{session.id}/cancel",
        data={"reason": "当事人已和解", "_csrf_token": token},
        follow_redirects=False,
    )
    assert cancelled.status_code == 303
    shown = await client.get(f"/ui/sessions/{session.id}")
    assert ZH["psess_status_cancelled"] in shown.text and "当事人已和解" in shown.text
    assert 'data-action="find-slots"' not in shown.text


async def test_the_case_page_shows_its_clock_sessions_and_timeline(client: Any) -> None:
    await _coordinator(client)
    today = datetime.now(SHANGHAI).date()
    case = await cases.create_case(
        cases.NewCase(
            "XF-K1",
            "征收补偿",
            registered_on=today - timedelta(days=52),
            accepted_on=today - timedelta(days=50),
        ),
        datetime.now(UTC),
    )
    petitioner = await person("赵六", "p-k1@x.cn")
    session = await mediation(
        case.id, petitioner, await person("王", "d-k1@x.cn"), await person("郑", "m-k1@x.cn")
    )
    page = await client.get(f"/ui/cases/{case.id}")
    assert page.status_code == 200
    assert 'data-light="amber"' in page.text
    assert re.search(r'data-field="days-left">\s*10\s*<', page.text)
    assert "赵六" in page.text
    assert f'href="/ui/sessions/{session.id}"' in page.text
    assert f'href="/ui/sessions/new?case_id={case.id}"' in page.text
    assert ZH["psess_event_accepted"] in page.text


async def test_a_participant_or_an_archivist_cannot_open_what_the_api_hides(client: Any) -> None:
    session, _ = await mediation_session("A1")
    other, _ = await mediation_session("A2")
    petitioner = next(p.person_id for p in session.participants if p.role == "petitioner")
    await accounts.create_account("member@x.cn", PASSWORD, Role.PARTICIPANT, petitioner)
    assert (await log_in_over_http(client, "member@x.cn")).status_code == 303
    own = await client.get(f"/ui/sessions/{session.id}")
    assert own.status_code == 200
    assert 'data-action="find-slots"' not in own.text and "/ui/cases/" not in own.text
    hidden = await client.get(f"/ui/sessions/{other.id}")
    assert hidden.status_code == 404 and other.title not in hidden.text.split("<main")[1]
    assert (await client.get(f"/ui/cases/{session.case_id}")).status_code == 404
    assert (await client.get("/ui/sessions/new")).status_code == 403
    token = csrf_of(own.text)
    search = await client.post(
        f"/ui/sessions/{session.id}/slots", data={"_csrf_token": token, "not_before": ""}
    )
    assert search.status_code == 403
    cancel = await client.post(
        f"/ui/sessions/{session.id}/cancel", data={"_csrf_token": token, "reason": "x"}
    )
    assert cancel.status_code == 403
    assert (await sessions.get_session(session.id)).status == "unscheduled"
    await accounts.create_account("archive@x.cn", PASSWORD, Role.ARCHIVIST)
    assert (await log_in_over_http(client, "archive@x.cn")).status_code == 303
    assert (await client.get(f"/ui/sessions/{session.id}")).status_code == 404


async def test_the_dashboards_links_open_the_session_and_case_pages_in_english(
    client: Any,
) -> None:
    await _coordinator(client)
    world = await booked_session_with_an_overdue_item("L1")
    client.cookies.set("lang", "en", path="/ui")
    dashboard = (await client.get("/ui/")).text
    links = set(re.findall(r'href="(/ui/(?:sessions|cases)/[0-9a-f-]{36})"', dashboard))
    assert links == {f"/ui/sessions/{world.session.id}", f"/ui/cases/{world.session.case_id}"}
    for link in links:
        page = await client.get(link)
        assert page.status_code == 200, link
        assert '<html lang="en">' in page.text
    session_page = (await client.get(f"/ui/sessions/{world.session.id}")).text
    assert EN["psess_status_scheduled"] in session_page
    assert "10:00" in session_page and "China Standard Time" in session_page
    assert EN["psess_reschedule_heading"] in session_page


async def test_a_session_or_case_that_does_not_exist_is_a_404_page(client: Any) -> None:
    await _coordinator(client)
    for path in (f"/ui/sessions/{UUID(int=7)}", f"/ui/cases/{UUID(int=7)}"):
        page = await client.get(path)
        assert page.status_code == 404
        assert ZH["error_not_found"] in page.text
