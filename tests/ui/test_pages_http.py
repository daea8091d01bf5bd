"""The pages over HTTP, without a browser: logging in and out, CSRF, languages, the dashboard."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from core.access import Role
from minutes.drafts import service as drafts
from parties.accounts import service as accounts
from parties.people import service as people
from tests.conftest import PASSWORD
from tests.support.minutes_builders import STAFF
from tests.ui.world import (
    COORDINATOR_EMAIL,
    booked_session_with_an_overdue_item,
    coordinator_account,
    csrf_of,
    log_in_over_http,
)
from ui.i18n import labels


async def test_a_page_without_a_session_redirects_to_the_login_with_next(client: Any) -> None:
    response = await client.get("/ui/?x=1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/ui/login?next=/ui/%3Fx%3D1"


async def test_logging_in_sets_a_session_cookie_and_opens_the_dashboard(client: Any) -> None:
    await coordinator_account()
    response = await log_in_over_http(client)
    assert response.status_code == 303
    assert response.headers["location"] == "/ui/"
    cookie = next(c for c in response.headers.get_list("set-cookie") if "concord_session" in c)
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/ui" in cookie
    assert "Secure" not in cookie  # the tests' public URL is http
    dashboard = await client.get("/ui/")
    assert dashboard.status_code == 200
    assert COORDINATOR_EMAIL in dashboard.text


async def test_the_login_goes_on_to_a_safe_next_page_only(client: Any) -> None:
    await coordinator_account()
    page = await client.get("/ui/login?next=/ui/cases/x")
    assert 'name="next" value="/ui/cases/x"' in page.text
    for target, landing in (("/ui/cases/x", "/ui/cases/x"), ("https://evil.example/", "/ui/")):
        response = await client.post(
            "/ui/login",
            data={
                "email": COORDINATOR_EMAIL,
                "password": PASSWORD,
                "next": target,
                "_csrf_token": csrf_of(page.text),
            },
            follow_redirects=False,
        )
        assert response.headers["location"] == landing


async def test_a_wrong_password_is_shown_next_to_the_field(client: Any) -> None:
    await coordinator_account()
    response = await log_in_over_http(client, password="wrong-password")
    assert response.status_code == 401
    assert 'id="password-error"' in response.text
    assert labels("zh-CN")["error_invalid_credentials"] in response.text
    assert 'aria-describedby="password-error"' in response.text
    assert "concord_session" not in response.headers.get("set-cookie", "")


async def test_an_empty_field_is_named_as_required(client: Any) -> None:
    page = await client.get("/ui/login")
    response = await client.post(
        "/ui/login", data={"email": "", "password": "", "_csrf_token": csrf_of(page.text)}
    )
    assert response.status_code == 400
    assert 'id="email-error"' in response.text and 'id="password-error"' in response.text


async def test_throttling_is_shown_as_a_message_with_retry_after(client: Any) -> None:
    await coordinator_account()
    for _ in range(5):
        assert (await log_in_over_http(client, password="wrong-password")).status_code == 401
    response = await log_in_over_http(client)  # even the right password waits now
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 0
    assert labels("zh-CN")["error_throttled"] in response.text


async def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(client: Any) -> None:
    await coordinator_account()
    await log_in_over_http(client)
    logout = await client.post("/ui/logout", data={}, follow_redirects=False)
    assert logout.status_code == 403
    assert labels("zh-CN")["error_forbidden"] in logout.text
    wrong = await client.post("/ui/logout", data={"_csrf_token": "0" * 128})
    assert wrong.status_code == 403
    # Still logged in: the refused logout revoked nothing.
    assert (await client.get("/ui/", follow_redirects=False)).status_code == 200


async def test_a_login_without_its_csrf_token_is_refused_before_any_attempt(client: Any) -> None:
    await coordinator_account()
    await client.get("/ui/login")
    for password in ["wrong-password"] * 5 + [PASSWORD]:
        response = await client.post(
            "/ui/login", data={"email": COORDINATOR_EMAIL, "password": password}
        )
        assert response.status_code == 403
        assert "concord_session" not in response.headers.get("set-cookie", "")
    # None of them counted as a failed login: the throttle would refuse this one otherwise.
    assert (await log_in_over_http(client)).status_code == 303


async def test_logging_out_revokes_the_login(client: Any) -> None:
    await coordinator_account()
    await log_in_over_http(client)
    stolen = client.cookies.get("concord_session")
    page = await client.get("/ui/")
    response = await client.post(
        "/ui/logout", data={"_csrf_token": csrf_of(page.text)}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == "/ui/login"
    assert (await client.get("/ui/", follow_redirects=False)).status_code == 303
    # The cookie's token itself no longer works, whoever holds a copy.
    client.cookies.set("concord_session", stolen, path="/ui")
    assert (await client.get("/ui/", follow_redirects=False)).status_code == 303


async def test_the_api_does_not_take_the_session_cookie(client: Any) -> None:
    await coordinator_account()
    await log_in_over_http(client)
    token = client.cookies.get("concord_session")
    response = await client.get("/api/v1/cases", headers={"Cookie": f"concord_session={token}"})
    assert response.status_code == 401


async def test_the_language_follows_the_account_then_the_switch(client: Any) -> None:
    person = await people.create_person(
        {"name": "Li", "email": "li@x.cn", "locale": "en", "timezone": "Europe/Berlin"}
    )
    await accounts.create_account("li@test.example", PASSWORD, Role.COORDINATOR, person.id)
    await log_in_over_http(client, "li@test.example")
    page = await client.get("/ui/")
    assert '<html lang="en">' in page.text and labels("en")["waiting_minutes"] in page.text
    switched = await client.post(
        "/ui/language",
        data={"lang": "zh-CN", "next": "/ui/", "_csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert switched.headers["location"] == "/ui/"
    page = await client.get("/ui/")
    assert '<html lang="zh-CN">' in page.text and labels("zh-CN")["week_sessions"] in page.text


async def test_the_dashboard_lists_this_weeks_session_and_an_overdue_item(client: Any) -> None:
    await coordinator_account()
    world = await booked_session_with_an_overdue_item()
    await log_in_over_http(client)
    page = (await client.get("/ui/")).text
    assert f'href="/ui/sessions/{world.session.id}"' in page
    assert f'href="/ui/cases/{world.session.case_id}"' in page
    assert world.overdue_title in page
    assert "中国标准时间" in page  # the time is shown with its zone
    assert labels("zh-CN")["no_waiting"] in page


async def test_the_dashboard_lists_minutes_waiting_for_signatures(client: Any) -> None:
    await coordinator_account()
    world = await booked_session_with_an_overdue_item()
    await drafts.build_minutes(STAFF, world.session.id, datetime.now(UTC))
    await log_in_over_http(client)
    page = (await client.get("/ui/")).text
    waiting = page[page.index('data-panel="minutes"') :]
    assert f'href="/ui/sessions/{world.session.id}"' in waiting
    assert f"3 {labels('zh-CN')['pending_signers']}" in waiting


async def test_a_participant_sees_no_cases_on_the_dashboard(client: Any) -> None:
    world = await booked_session_with_an_overdue_item()
    petitioner = next(p.person_id for p in world.session.participants if p.role == "petitioner")
    await accounts.create_account("p@test.example", PASSWORD, Role.PARTICIPANT, petitioner)
    await log_in_over_http(client, "p@test.example")
    page = (await client.get("/ui/")).text
    assert f'href="/ui/sessions/{world.session.id}"' in page  # their own session
    assert 'href="/ui/cases/' not in page  # cases are staff business, as in the API


async def test_htmx_without_a_session_is_told_to_load_the_login_page(client: Any) -> None:
    response = await client.get("/ui/", headers={"HX-Request": "true"}, follow_redirects=False)
    assert response.status_code == 401
    assert response.headers["hx-redirect"] == "/ui/login?next=/ui/"
