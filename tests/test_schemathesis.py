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
    # One worker: with two, schemathesis builds hypothesis strategies in two threads, and
    # hypothesis describes their filters with ast.parse, which CPython 3.11 cannot run in two
    # threads at once (CPython gh-106905, "AST constructor recursion depth mismatch": a run
    # error with every case passed).
    "--workers=1",
    "--request-timeout=60",
    "--generation-database=none",
    "--no-color",
)
#: Operations that can end or change the login they are called with (logging out, a password
#: change, disabling an account). Each is called with a login of its own, so the one every
#: other operation shares lasts the whole run instead of turning what follows into 401s.
LOGIN_ENDING = ("logOut", "changePassword", "updateAccount")
#: The per-address throttle of public endpoints (tests/core/web/test_public_throttle.py) would
#: answer most of the run's requests to them with 429 and leave what is behind it untested.
SETTINGS = {"CONCORD_PUBLIC_REQUESTS_PER_MINUTE": "1000000"}
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


def _config(shared: str, own: dict[str, str]) -> str:
    """schemathesis.toml: the shared login for every operation but those with one of their own
    (tokens are URL-safe base64, nothing to escape)."""
    sections = [f'headers = {{ Authorization = "Bearer {shared}" }}']
    for operation, token in own.items():
        sections.append(
            f'[[operations]]\ninclude-operation-id = "{operation}"\n'
            f'headers = {{ Authorization = "Bearer {token}" }}'
        )
    return "\n\n".join(sections) + "\n"


def _is_logged_in(base_url: str, token: str) -> bool:
    response = httpx.get(
        f"{base_url}/api/v1/sessions", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    return response.status_code == 200


async def test_no_operation_fails_or_answers_outside_the_openapi_document(
    db: None, tmp_path: Path
) -> None:
    await demo.load_demo()
    with live_server(workers=1, settings=SETTINGS) as base_url:
        document = httpx.get(f"{base_url}/schema/openapi.json", timeout=30).json()
        operations = sum(
            1 for item in document["paths"].values() for method in item if method in METHODS
        )
        # Every login first: failed password changes count against the account's logins.
        shared = _coordinator_token(base_url)
        own = {operation: _coordinator_token(base_url) for operation in LOGIN_ENDING}
        config = tmp_path / "schemathesis.toml"
        config.write_text(_config(shared, own))
        run = subprocess.run(
            [
                str(SCHEMATHESIS),
                f"--config-file={config}",
                "run",
                f"{base_url}/schema/openapi.json",
                f"--checks={','.join(CHECKS)}",
                *RUN_OPTIONS,
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=1200,
        )
        shared_lasted = _is_logged_in(base_url, shared)
        logged_out = not _is_logged_in(base_url, own["logOut"])
    report = run.stdout[-20000:] + run.stderr[-5000:]
    assert f"Tested: {operations}" in run.stdout, report
    assert run.returncode == 0, report
    assert shared_lasted, "an operation ended the login the whole run shares"
    assert logged_out, "logOut was not called with its own login"
