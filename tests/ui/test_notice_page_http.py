"""The public notice page over HTTP: what the public sees (no party's personal data), and that
registering there is the observers service with its seats, its errors and its throttle."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from core.settings import get_settings
from core.web import client_address, guards
from tests.support.api_builders import booked_mediation, booked_public_hearing_api
from tests.ui.world import csrf_of
from ui import notice


def path_of(setup: dict[str, Any]) -> str:
    return f"/ui/hearings/{setup['session']['id']}/notice"


async def register(client: Any, path: str, name: str, email: str, **headers: str) -> Any:
    token = csrf_of((await client.get(path)).text)
    return await client.post(
        path, data={"name": name, "email": email, "_csrf_token": token}, headers=headers
    )


async def test_the_notice_shows_the_hearing_without_the_parties_personal_data(
    client: Any, coordinator: Any
) -> None:
    setup = await booked_public_hearing_api(client, coordinator, "NP-1", public_seats=2)
    response = await client.get(path_of(setup))
    assert response.status_code == 200, response.text
    assert "公开听证" in response.text and "第一听证室" in response.text
    assert "征收补偿争议" in response.text and "中国标准时间" in response.text
    for private in ("张三", "13812345678", setup["petitioner"]["email"], "房屋被征收"):
        assert private not in response.text
    assert 'data-field="seats_left"' in response.text


async def test_registering_on_the_page_takes_a_seat_then_the_waiting_list(
    client: Any, coordinator: Any
) -> None:
    setup = await booked_public_hearing_api(client, coordinator, "NP-2", public_seats=1)
    first = await register(client, path_of(setup), "李四", "li@example.cn")
    assert first.status_code == 200, first.text
    assert 'data-state="confirmed"' in first.text and 'data-field="cancel_token"' in first.text
    second = await register(client, path_of(setup), "王五", "wang@example.cn")
    assert 'data-state="waitlisted"' in second.text
    again = await register(client, path_of(setup), "李四", "LI@example.cn")
    assert again.status_code == 409
    assert 'data-problem="pparty_error_already_registered"' in again.text


async def test_a_missing_or_malformed_field_is_named_next_to_it_and_nothing_is_stored(
    client: Any, coordinator: Any
) -> None:
    setup = await booked_public_hearing_api(client, coordinator, "NP-3", public_seats=1)
    response = await register(client, path_of(setup), "", "not-an-email")
    assert response.status_code == 400
    assert 'id="name-error"' in response.text and 'id="email-error"' in response.text
    assert 'aria-invalid="true"' in response.text
    taken = await register(client, path_of(setup), "李四", "li@example.cn")
    assert 'data-state="confirmed"' in taken.text


async def test_a_registration_without_the_csrf_token_is_refused(
    client: Any, coordinator: Any
) -> None:
    setup = await booked_public_hearing_api(client, coordinator, "NP-4", public_seats=1)
    response = await client.post(path_of(setup), data={"name": "李四", "email": "li@example.cn"})
    assert response.status_code == 403
    taken = await register(client, path_of(setup), "王五", "wang@example.cn")
    assert 'data-state="confirmed"' in taken.text


async def test_a_session_without_a_public_notice_is_not_found(
    client: Any, coordinator: Any
) -> None:
    mediation = await booked_mediation(client, coordinator, "NP-5")
    response = await client.get(path_of(mediation))
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")


@pytest.fixture
def two_a_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = replace(get_settings(), public_requests_per_minute=2, trust_forwarded_for=True)
    monkeypatch.setattr(notice, "get_settings", lambda: settings)
    monkeypatch.setattr(client_address, "get_settings", lambda: settings)
    monkeypatch.setattr(guards, "get_settings", lambda: settings)


async def test_the_page_and_the_api_share_one_registration_throttle(
    client: Any, coordinator: Any, two_a_minute: None
) -> None:
    setup = await booked_public_hearing_api(client, coordinator, "NP-6", public_seats=5)
    address = {"X-Forwarded-For": "192.0.2.7"}
    api = await client.post(
        f"/api/v1/sessions/{setup['session']['id']}/observers",
        json={"name": "甲", "email": "a@example.cn"},
        headers=address,
    )
    assert api.status_code == 201, api.text
    page = await register(client, path_of(setup), "乙", "b@example.cn", **address)
    assert 'data-state="confirmed"' in page.text
    refused = await register(client, path_of(setup), "丙", "c@example.cn", **address)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    assert 'data-problem="pparty_error_too_many_requests"' in refused.text
    elsewhere = await register(
        client, path_of(setup), "丙", "c@example.cn", **{"X-Forwarded-For": "192.0.2.8"}
    )
    assert 'data-state="confirmed"' in elsewhere.text
