"""Checking an uploaded PDF is CPU work: it runs in worker threads, never on the event loop
that serves every other request."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from minutes.archive import service as archive

TEN_MEGABYTES = 10 * 1024 * 1024


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _recording(calls: list[tuple[str, bool]], name: str, work: Callable[..., Any]) -> Any:
    def wrapper(*args: Any) -> Any:
        calls.append((name, _on_event_loop()))
        return work(*args)

    return wrapper


async def test_hashing_sealing_checks_and_parsing_of_a_large_upload_run_in_threads(
    client, monkeypatch
) -> None:
    calls: list[tuple[str, bool]] = []
    for name in ("sha256_hex", "check_seal", "identify_minutes"):
        monkeypatch.setattr(archive, name, _recording(calls, name, getattr(archive, name)))
    upload = b"%PDF-1.7\n" + b"0" * TEN_MEGABYTES
    response = await client.post(
        "/api/v1/archive/verify", files={"file": ("big.pdf", upload, "application/pdf")}
    )
    assert response.status_code == 200, response.text
    assert response.json()["intact"] is False
    assert {name for name, _ in calls} == {"sha256_hex", "check_seal", "identify_minutes"}
    assert [name for name, on_loop in calls if on_loop] == []
