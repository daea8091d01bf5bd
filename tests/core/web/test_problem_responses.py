"""Every failure is a problem+json body with the request's id; a bug shows no internals to the
client and leaves its traceback, under the same id, in the log."""

from __future__ import annotations

import logging
import sqlite3

import pytest

from parties.organizations import service as organizations
from tests.support.api_builders import assert_problem


class _Boom(RuntimeError):
    pass


async def _explode(*_: object, **__: object) -> None:
    raise _Boom("secret detail: /srv/concord/data password=hunter2")


async def test_an_unexpected_exception_is_a_generic_500_problem_logged_with_its_request_id(
    client, coordinator, monkeypatch, caplog
) -> None:
    monkeypatch.setattr(organizations, "list_organizations", _explode)
    with caplog.at_level(logging.ERROR, logger="core.web.problems"):
        response = await client.get(
            "/api/v1/organizations", headers={**coordinator, "X-Request-ID": "trace-42.a"}
        )
    assert_problem(response, 500, "internal_error")
    body = response.json()
    assert body["request_id"] == "trace-42.a"
    assert response.headers["x-request-id"] == "trace-42.a"
    assert "hunter2" not in response.text and "_Boom" not in response.text
    [record] = [r for r in caplog.records if r.name == "core.web.problems"]
    assert record.levelno == logging.ERROR
    assert record.request_id == "trace-42.a"
    assert "trace-42.a" in record.getMessage()
    assert record.exc_info is not None and record.exc_info[0] is _Boom
    assert "_explode" in caplog.text  # the traceback itself is in the log


@pytest.mark.parametrize(
    "incoming", [None, "", "bad id with spaces", "x" * 129, "a\u00e9b".encode()]
)
async def test_a_missing_or_malformed_request_id_is_replaced_by_a_fresh_one(
    client, incoming
) -> None:
    headers = {} if incoming is None else {"X-Request-ID": incoming}
    response = await client.get("/api/v1/cases", headers=headers)
    assert_problem(response, 401, "unauthorized")
    request_id = response.headers["x-request-id"]
    assert request_id == response.json()["request_id"]
    assert request_id != incoming and len(request_id) == 32


async def test_successful_responses_carry_the_request_id_too(client) -> None:
    first = await client.get("/health")
    second = await client.get("/health", headers={"X-Request-ID": "probe-1"})
    assert first.status_code == second.status_code == 200
    assert len(first.headers["x-request-id"]) == 32
    assert second.headers["x-request-id"] == "probe-1"


async def test_routing_failures_are_problems(client, coordinator) -> None:
    missing = await client.get("/api/v1/no-such-thing", headers=coordinator)
    assert_problem(missing, 404, "not_found")
    assert missing.json()["request_id"] == missing.headers["x-request-id"]
    wrong_method = await client.delete("/api/v1/organizations", headers=coordinator)
    assert_problem(wrong_method, 405, "method_not_allowed")
    assert "GET" in wrong_method.headers["allow"]


async def test_a_body_over_the_size_limit_is_413_problem(client, coordinator) -> None:
    oversize = b'{"name": "' + b"x" * (10 * 1024 * 1024) + b'", "kind": "other"}'
    response = await client.post(
        "/api/v1/organizations",
        content=oversize,
        headers={**coordinator, "Content-Type": "application/json"},
    )
    assert_problem(response, 413, "request_too_large")


async def test_malformed_json_is_400_problem(client, coordinator) -> None:
    for content in (b"{", b"", b"\xff\xfe"):
        response = await client.post(
            "/api/v1/organizations",
            content=content,
            headers={**coordinator, "Content-Type": "application/json"},
        )
        assert response.status_code == 400, (content, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_database_constraint_the_service_missed_is_a_problem_not_a_500(
    client, coordinator, monkeypatch, caplog
) -> None:
    async def foreign_key_failure(*_: object, **__: object) -> None:
        raise sqlite3.IntegrityError("FOREIGN KEY constraint failed")

    monkeypatch.setattr(organizations, "list_organizations", foreign_key_failure)
    with caplog.at_level(logging.WARNING, logger="core.web.problems"):
        response = await client.get("/api/v1/organizations", headers=coordinator)
    assert_problem(response, 422, "unknown_reference")
    assert "FOREIGN KEY" not in response.text
    assert any(r.exc_info for r in caplog.records if r.name == "core.web.problems")


async def test_a_nul_in_a_query_parameter_is_400_naming_it_on_both_engines(
    client, coordinator
) -> None:
    # PostgreSQL's driver refused it deep in the query: a 500 before this was checked.
    for path, name in (
        ("/api/v1/organizations", "name"),
        ("/api/v1/people", "name"),
        ("/api/v1/sessions", "status"),
    ):
        response = await client.get(path, params={name: "信访\x00局"}, headers=coordinator)
        assert response.status_code == 400, (path, response.text)
        body = response.json()
        assert response.headers["content-type"].startswith("application/problem+json")
        assert body.get("field") == name, body
