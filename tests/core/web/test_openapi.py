"""The OpenAPI document tells the truth: each operation's error responses are problem+json as
core.web.problems writes them, and only the operations that need a login ask for a token."""

from __future__ import annotations

import re
from typing import Any
from uuid import uuid4

import jsonschema_rs
import pytest

from api_errors import EXTRA_PROBLEMS
from core.web.openapi import Access, standard_statuses
from core.web.problems import PROBLEM_MEDIA_TYPE
from tests.core.web.test_every_route_needs_a_login import PUBLIC_ROUTES
from tests.support.api_builders import create_person, participant_login

METHODS = {"get", "put", "post", "delete", "patch", "head"}
#: Public routes that also take a login: a signed token in the body may stand in for it.
TOKEN_OR_LOGIN_ROUTES = {
    ("POST", "/api/v1/sessions/{session_id}/rsvp"),
    ("POST", "/api/v1/minutes/{minutes_id}/signatures"),
}
BEARER_ONLY: list[dict[str, list[str]]] = [{"bearer": []}]


def _openapi_path(route: str) -> str:
    return re.sub(r"\{(\w+):\w+\}", r"{\1}", route)


PUBLIC_OPERATIONS = {(method, _openapi_path(path)) for method, path in PUBLIC_ROUTES}


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


@pytest.fixture
async def document(client: Any) -> dict[str, Any]:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200, response.text
    schema: dict[str, Any] = response.json()
    return schema


def validator_for(document: dict[str, Any], schema: dict[str, Any]) -> Any:
    """A JSON Schema validator that resolves the document's own ``#/components/...``."""
    return jsonschema_rs.validator_for({**schema, "components": document["components"]})


def test_the_standard_statuses_follow_from_login_path_and_body() -> None:
    assert standard_statuses(Access.PUBLIC, False, False) == {400}
    assert standard_statuses(Access.PUBLIC, True, True) == {400, 404, 413, 422}
    assert standard_statuses(Access.LOGIN, False, False) == {400, 401, 403}
    assert standard_statuses(Access.TOKEN_OR_LOGIN, True, False) == {400, 401, 403, 404}


async def test_the_problem_schema_names_every_member_problems_writes(document) -> None:
    problem = document["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail", "code"}
    assert {"type", "title", "status", "detail", "code", "field"} <= set(problem["properties"])
    assert problem.get("additionalProperties", True) is not False


async def test_every_error_response_is_problem_json_and_every_operation_has_them(
    document,
) -> None:
    every = operations(document)
    assert len(every) > 90
    for method, path, operation in every:
        errors = {status: r for status, r in operation["responses"].items() if status[0] in "45"}
        assert "400" in errors, (method, path)
        if "{" in path:
            assert "404" in errors, (method, path)
        for status, response in errors.items():
            assert set(response["content"]) == {PROBLEM_MEDIA_TYPE}, (method, path, status)
            schema = response["content"][PROBLEM_MEDIA_TYPE]["schema"]
            assert schema == {"$ref": "#/components/schemas/Problem"}, (method, path, status)
            assert response["description"], (method, path, status)


async def test_only_the_public_routes_go_without_a_token(document) -> None:
    seen_public = set()
    for method, path, operation in operations(document):
        if (method, path) in TOKEN_OR_LOGIN_ROUTES:
            assert operation["security"] == [{}, {"bearer": []}], (method, path)
        # HEAD is GET without the body: public where the GET is.
        elif ("GET" if method == "HEAD" else method, path) in PUBLIC_OPERATIONS:
            assert operation["security"] == [], (method, path)
            seen_public.add(("GET" if method == "HEAD" else method, path))
        else:
            assert operation["security"] == BEARER_ONLY, (method, path)
            assert {"401", "403"} <= set(operation["responses"]), (method, path)
    assert seen_public >= PUBLIC_OPERATIONS - TOKEN_OR_LOGIN_ROUTES
    assert "security" not in document
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


async def test_every_operation_named_in_the_table_of_extra_problems_exists(document) -> None:
    operation_ids = {operation["operationId"] for _, _, operation in operations(document)}
    assert set(EXTRA_PROBLEMS) - operation_ids == set()
    by_id = {operation["operationId"]: operation for _, _, operation in operations(document)}
    for operation_id, statuses in EXTRA_PROBLEMS.items():
        assert {str(status) for status in statuses} <= set(by_id[operation_id]["responses"])


async def test_real_errors_are_documented_for_their_operation_and_match_the_schema(
    client, coordinator, document
) -> None:
    existing = await create_person(client, coordinator, "王五", "wang.wu@example.cn")
    participant = await participant_login(client, existing)
    people, cases = "/api/v1/people", "/api/v1/cases/{case_id}"
    taken = {"name": "王五", "email": existing["email"]}
    orphan = {"name": "某局", "kind": "other", "parent_id": str(uuid4())}
    conflicts = "/api/v1/people/{person_id}/conflicts"
    garbled = {"case_id": str(uuid4()), "reason": "亲属\x0f关系"}
    samples = [  # (method, operation's path, URL, body, headers, status)
        ("POST", people, people, {"name": 5, "email": "x@example.cn"}, coordinator, 400),
        ("GET", people, people, None, {}, 401),
        ("POST", people, people, {"name": "李四", "email": "li@example.cn"}, participant, 403),
        ("GET", cases, f"/api/v1/cases/{uuid4()}", None, coordinator, 404),
        ("POST", people, people, taken, coordinator, 409),
        ("POST", "/api/v1/organizations", "/api/v1/organizations", orphan, coordinator, 422),
        # Any body's text refuses control characters as content (422), whatever else it checks.
        ("POST", conflicts, conflicts.format(person_id=existing["id"]), garbled, coordinator, 422),
    ]
    by_path = {(method, path): operation for method, path, operation in operations(document)}
    for method, path, url, body, headers, status in samples:
        response = await client.request(method, url, json=body, headers=headers)
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith(PROBLEM_MEDIA_TYPE)
        documented = by_path[(method, path)]["responses"][str(status)]
        schema = documented["content"][PROBLEM_MEDIA_TYPE]["schema"]
        errors = [
            error.message for error in validator_for(document, schema).iter_errors(response.json())
        ]
        assert errors == [], (method, url, response.json())


async def test_a_body_missing_a_member_fails_the_documented_schema(document) -> None:
    validator = validator_for(document, {"$ref": "#/components/schemas/Problem"})
    good = {"type": "urn:x", "title": "Conflict", "status": 409, "detail": "d", "code": "c"}
    assert validator.is_valid(good)
    assert validator.is_valid({**good, "field": "email", "errors": []})
    assert not validator.is_valid({key: value for key, value in good.items() if key != "code"})
    assert not validator.is_valid({**good, "status": "409"})
