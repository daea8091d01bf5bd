"""Driving HTTP load: wrk (Debian's package) for throughput and latency, and the servers it hits.

wrk is a C load generator: one of the machine's cores is enough to saturate a Python worker,
where a Python client would compete with the server it measures.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass(frozen=True)
class Load:
    label: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    not_2xx: int
    #: CPU time the server's processes (every worker) spent during the load, when measured.
    server_cpu_seconds: float | None = None
    seconds: float | None = None


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS_MS[unit]


def parse_wrk(label: str, output: str) -> Load:
    def latency(percent: str) -> float:
        found = re.search(rf"^\s+{percent}%\s+(\S+)\s*$", output, re.MULTILINE)
        if found is None:
            raise SystemExit(f"wrk printed no {percent}% latency:\n{output}")
        return _milliseconds(found.group(1))

    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s+(\d+) requests in", output, re.MULTILINE)
    failed = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if rate is None or total is None:
        raise SystemExit(f"cannot read wrk's output:\n{output}")
    return Load(
        label=label,
        requests_per_second=float(rate.group(1)),
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        requests=int(total.group(1)),
        not_2xx=int(failed.group(1)) if failed else 0,
    )


def wrk(
    label: str,
    url: str,
    *,
    connections: int,
    seconds: int,
    headers: dict[str, str] | None = None,
    body: dict[str, Any] | None = None,
) -> Load:
    """``connections`` clients for ``seconds`` against ``url``; a POST of ``body`` if given."""
    script = "".join(
        f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}\n" for k, v in (headers or {}).items()
    )
    if body is not None:
        script += 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        script += f"wrk.body = {json.dumps(json.dumps(body))}\n"
    return parse_wrk(label, run_wrk(url, script, connections=connections, seconds=seconds))


def run_wrk(url: str, script: str, *, connections: int, seconds: int, threads: int = 2) -> str:
    """wrk's output for ``connections`` clients on ``threads`` threads, driven by a Lua script."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (make bench-tools does it)")
    command = ["wrk", f"-c{connections}", f"-t{threads}", f"-d{seconds}s", "--latency"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    try:
        return subprocess.run(
            [*command, "--timeout", "10s", "-s", file.name, url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(file.name)


class Server:
    """An ASGI app served by uvicorn in its own process group, stopped on exit."""

    def __init__(self, app: str, port: int, workers: int, environment: dict[str, str]) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self._command = [
            sys.executable,
            *("-m", "uvicorn", app, "--factory", "--port", str(port)),
            *("--workers", str(workers), "--log-level", "warning", "--no-access-log"),
        ]
        self._environment = {**os.environ, **environment, "PYTHONPATH": str(Path.cwd())}
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        self._process = subprocess.Popen(
            self._command, env=self._environment, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=1):
                    return self
            except (urllib.error.URLError, ConnectionError) as not_yet:
                if self._process.poll() is not None:
                    exited = f"{self._command} exited with {self._process.returncode}"
                    raise SystemExit(exited) from not_yet
                time.sleep(0.2)
        raise SystemExit(f"{self._command} did not answer /health within 60 s")

    def cpu_seconds(self) -> float:
        """User and system CPU time of every process the server started (its process group)."""
        assert self._process is not None
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rpartition(")")[2].split()
            except OSError:  # the process ended meanwhile
                continue
            # After the command: state, ppid, pgrp, ... utime and stime are the 12th and 13th.
            if int(fields[2]) == self._process.pid:
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def measured(self, run: Callable[[], Load]) -> Load:
        """``run()``'s load with the CPU time the server spent on it."""
        before, started = self.cpu_seconds(), time.monotonic()
        load = run()
        elapsed = time.monotonic() - started
        return replace(load, server_cpu_seconds=self.cpu_seconds() - before, seconds=elapsed)

    def __exit__(self, *_: object) -> None:
        if self._process is not None:
            os.killpg(self._process.pid, 15)
            self._process.wait(timeout=30)


def post_json(url: str, body: dict[str, Any], token: str | None = None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read() or b"null")
