from __future__ import annotations

from tests.conftest import engine_name


async def test_health_reports_the_database(client) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "engine": engine_name()}


async def test_unauthenticated_request_gets_401_problem(client) -> None:
    response = await client.get("/api/v1/cases")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "unauthorized"
