"""schemathesis against the running app on the demo data, as a coordinator: every operation,
a few generated requests each, and no answer may be a server error or stray from the OpenAPI
document (a status it does not list, another content type, a body off its schema)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

import demo
from tests.support.live_server import live_server

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)
#: Bounded: a few examples per operation, boundary values (coverage) and random ones (fuzzing),
#: with a fixed seed so a failure can be replayed; stateful chains would need links.
RUN_OPTIONS = (
    "--max-examples=5",
    "--seed=1",
    "--phases=examples,coverage,fuzzing",
    "--workers=2",
    "--request-timeout=60",
    "--generation-database=none",
    "--no-color",
)
METHODS = {"get", "put", "post", "delete", "patch", "head"}


def _coordinator_token(base_url: str) -> str:
    response = httpx.post(
        f"{base_url}/api/v1/auth/token",
        json={"email": demo.COORDINATOR_EMAIL, "password": demo.DEMO_PASSWORD},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


async def test_no_operation_fails_or_answers_outside_the_openapi_document(
    db: None, tmp_path: Path
) -> None:
    await demo.load_demo()
    with live_server(workers=1) as base_url:
        document = httpx.get(f"{base_url}/schema/openapi.json", timeout=30).json()
        operations = sum(
            1 for item in document["paths"].values() for method in item if method in METHODS
        )
        run = subprocess.run(
            [
                str(SCHEMATHESIS),
                "run",
                f"{base_url}/schema/openapi.json",
                f"--header=Authorization: Bearer {_coordinator_token(base_url)}",
                f"--checks={','.join(CHECKS)}",
                *RUN_OPTIONS,
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=1200,
        )
    report = run.stdout[-20000:] + run.stderr[-5000:]
    assert f"Tested: {operations}" in run.stdout, report
    assert run.returncode == 0, report
