"""A real Concord server in child processes, for tests that need true concurrency."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def live_server(workers: int = 2, settings: dict[str, str] | None = None) -> Iterator[str]:
    """Serve the app (same database as the tests) with uvicorn; yields the base URL.
    ``settings`` are extra environment variables (CONCORD_...)."""
    port = free_port()
    environment = {**os.environ, "CONCORD_DB_POOL_SIZE": "5", **(settings or {})}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=PROJECT_ROOT,
        env=environment,
    )
    base_url = f"http://127.0.0.1:{port}"
    with serving(process, f"{base_url}/health", "the live server", started=_healthy):
        yield base_url


def _healthy(response: httpx.Response) -> bool:
    return response.status_code == 200


@contextmanager
def serving(
    process: subprocess.Popen[bytes],
    probe_url: str,
    what: str,
    *,
    started: Callable[[httpx.Response], bool] = lambda _: True,
    # Generous: on a loaded machine a server with several workers takes a while to come up.
    timeout: float = 120,
) -> Iterator[None]:
    """Wait until a child server answers ``probe_url``; stop it when the block ends."""
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if started(httpx.get(probe_url, timeout=1)):
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start")
            time.sleep(0.05)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
