"""Outbox delivery by job workers on PostgreSQL: N due messages, 1 and 2 `concord worker`s.

``DATABASE_URL=postgresql://.../concord_bench .venv/bin/python -m bench.job_delivery
[--messages 1000] [--workers 1 2]`` from the project root; the database is wiped (its name must
contain "test" or "bench"). For each worker count: the outbox is emptied, N messages are queued
as due, an SMTP server on loopback (aiosmtpd) counts what arrives, and that many `concord worker`
processes are started (delivery every second; calendar refresh and follow-up off). Timed from
the workers' start to the last message received, and from the first message to the last; then
checked: every message received exactly once, every row sent after one attempt. The figures go
to the "Background jobs: outbox delivery (PostgreSQL)" section of docs/performance.md.
"""

from __future__ import annotations

import os
import secrets
import tempfile

os.environ.setdefault("CONCORD_DATA_DIR", tempfile.mkdtemp(prefix="concord-jobs-bench-"))
os.environ.setdefault("CONCORD_SECRET_KEY", secrets.token_hex(32))

import argparse
import asyncio
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from bench.report import machine, write_section
from bench.slot_search_api_seed import reset_database
from core.db import database, is_sqlite
from core.outbox.service import queue_message
from core.tables import OutboxMessage
from tests.support.live_server import free_port

HEADING = "## Background jobs: outbox delivery (PostgreSQL)"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Counter:
    message_ids: list[str] = field(default_factory=list)
    first: float | None = None
    last: float | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        headers = BytesHeaderParser().parsebytes(bytes(envelope.original_content or b""))
        self.message_ids.append(str(headers["Message-ID"]))
        now = time.monotonic()
        self.first = self.first if self.first is not None else now
        self.last = now
        return "250 OK"


async def queue(count: int) -> None:
    await OutboxMessage.delete(force=True)
    now = datetime.now(UTC)
    async with database().transaction():
        for index in range(count):
            message = EmailMessage()
            message["From"] = "petitions@concord.example"
            message["To"] = f"person{index}@example.gov.cn"
            message["Subject"] = f"调解会议通知 {index}"
            message.set_content("会议时间另行通知。", cte="base64")
            await queue_message(
                message,
                recipient=f"person{index}@example.gov.cn",
                topic="bench",
                entity_id=str(index),
                dedupe_key=f"bench:{index}:{now.isoformat()}",
                now=now,
            )


def start_workers(count: int, smtp_port: int) -> list[subprocess.Popen[bytes]]:
    environment = {
        **os.environ,
        "CONCORD_SMTP_HOST": "127.0.0.1",
        "CONCORD_SMTP_PORT": str(smtp_port),
        "CONCORD_SMTP_SECURITY": "none",
        "CONCORD_OUTBOX_POLL_SECONDS": "1",
        "CONCORD_CALENDAR_REFRESH_MINUTES": "0",
        "CONCORD_FOLLOWUP_CRON": "",
        "CONCORD_DB_POOL_SIZE": "4",
    }
    return [
        subprocess.Popen(
            [sys.executable, "cli.py", "worker", "--concurrency", "2"],
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]


def stop(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.wait(timeout=60)


async def run_once(workers: int, messages: int) -> str:
    await queue(messages)
    counter = Counter()
    port = free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    started = time.monotonic()
    processes = start_workers(workers, port)
    try:
        deadline = started + 600
        while len(counter.message_ids) < messages and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        await asyncio.sleep(3)  # later rounds must find nothing left to send
    finally:
        stop(processes)
        controller.stop()
    received = len(counter.message_ids)
    unique = len(set(counter.message_ids))
    rows = await OutboxMessage.select(OutboxMessage.status, OutboxMessage.attempts)
    settled = sum(1 for row in rows if (row["status"], row["attempts"]) == ("sent", 1))
    assert counter.first is not None and counter.last is not None
    return (
        f"| {workers} | {messages} | {counter.last - started:.1f} s | "
        f"{counter.last - counter.first:.1f} s | "
        f"{messages / (counter.last - counter.first):.0f}/s | {received} / {unique} | "
        f"{settled} |"
    )


async def main(messages: int, worker_counts: list[int]) -> str:
    if is_sqlite():
        raise SystemExit("the job engine needs PostgreSQL: set DATABASE_URL")
    engine = await reset_database()
    lines = [
        HEADING,
        "",
        machine(),
        f"{engine}; `python -m bench.job_delivery --messages {messages}`.",
        "",
        "| workers | messages | start to last | first to last | rate | received / distinct "
        "| sent once |",
        "|---|---|---|---|---|---|---|",
    ]
    for workers in worker_counts:
        lines.append(await run_once(workers, messages))
    lines += [
        "",
        "Each `concord worker` (concurrency 2) runs the delivery job every second; SMTP to a "
        "loopback aiosmtpd server, a connection per message as Concord sends. *Start to last* "
        "includes the workers' start-up (imports, `concord migrate`, first periodic tick). "
        "Here the SMTP server, PostgreSQL and the workers share the machine's two cores (and "
        "other jobs): what a second worker adds is bounded by them and varies by run; a round "
        "keeps taking batches while it finds any, so even one worker is not held to a batch "
        "(50) per period.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    arguments = parser.parse_args()
    text = asyncio.run(main(arguments.messages, arguments.workers))
    print(text)
    write_section(HEADING, text)
